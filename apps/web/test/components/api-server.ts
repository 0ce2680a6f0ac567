import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import './dom';
import { nodeFetch } from './dom';

export { DEMO_ACCOUNTS } from '../../../api/src/demo/seed-demo.js';

export interface ApiServer {
  url: string;
  stop(): Promise<void>;
}

/** Starts serve-api.ts and waits for its URL. */
export async function startApiServer(): Promise<ApiServer> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=development', '--import', 'tsx', fileURLToPath(new URL('serve-api.ts', import.meta.url))],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the API exited (${code}) before it listened`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** Signs in through the API (as the login page does) and returns the token pair's JSON. */
export async function logIn(url: string, email: string, password: string) {
  const res = await nodeFetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  return (await res.json()) as { accessToken: string; user: import('@emporium/contracts').User };
}
