/**
 * What the benchmark (`run.ts`) and the A/B comparison (`compare.ts`) share: the load
 * generator's process, readings of a process's CPU and memory from /proc, and the API started
 * as `npm run start:prod` runs it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This repository's root, with a trailing slash. */
export const root = fileURLToPath(new URL('..', import.meta.url));

// ---------- process measurements ----------

export const CLK_TCK = 100;
export function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
}
/** The machine's CPU time so far (every core, from /proc/stat): idle, stolen and in all. */
export function machineTicks(): { idle: number; stolen: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { idle: idle + iowait, stolen: steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}
/** How much of the machine was idle and stolen since `before` (per cent of every core's time). */
export function machineSince(before: ReturnType<typeof machineTicks>): { idlePercent: number; stolenPercent: number } {
  const now = machineTicks();
  const share = (key: 'idle' | 'stolen') => Math.round(((now[key] - before[key]) / Math.max(1, now.total - before.total)) * 100);
  return { idlePercent: share('idle'), stolenPercent: share('stolen') };
}
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
}

export async function waitFor(url: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return performance.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms`);
}

// ---------- the load generator ----------

export interface Step {
  method: 'GET' | 'POST';
  path: string;
  paths?: string[];
  body?: unknown;
  bodies?: unknown[];
  perConnectionBodies?: unknown[];
  /** Sent with every request of the step (e.g. Accept-Encoding), on wrk and autocannon alike. */
  headers?: Record<string, string>;
}
export interface Scenario {
  name: string;
  url: string;
  sequence: Step[];
  tokens?: string[];
  connections?: number;
}

/** What bench/load.mjs prints: autocannon's result, or wrk's in the same shape. */
export interface LoadResult {
  generator: 'wrk' | 'autocannon';
  requests: { average: number };
  latency: { p50: number; p99: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats?: Record<string, { count: number }>;
}

export const CONNECTIONS = 50;

/** Drives `scenario` for `duration` seconds from a process of its own (bench/load.mjs). */
export function load(scenario: Scenario, duration: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`${root}bench/load.mjs`, JSON.stringify({ ...scenario, connections: scenario.connections ?? CONNECTIONS, duration })],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited ${code}`))));
  });
}

// ---------- the API process ----------

export interface Api {
  child: ChildProcess;
  pid: number;
  base: string;
  coldStartMs: number;
  idleRssMb: number;
}

/**
 * How `npm run start:prod` runs the server — `[NAME=value …] node [flags] dist/server.js` —
 * so the bench measures the same process users run (see the README on memory).
 */
export function productionCommand(apiRoot: string): { env: Record<string, string>; nodeFlags: string[] } {
  const { scripts } = JSON.parse(readFileSync(`${apiRoot}/package.json`, 'utf8')) as { scripts: Record<string, string> };
  const words = (scripts['start:prod'] ?? '').split(/\s+/);
  const node = words.indexOf('node');
  const assignments = words.slice(0, Math.max(node, 0)).map((w) => /^([A-Z_]+)=(.*)$/.exec(w));
  if (node < 0 || words.at(-1) !== 'dist/server.js' || assignments.some((m) => m === null)) {
    throw new Error('start:prod is not `[NAME=value …] node [flags] dist/server.js`');
  }
  return {
    env: Object.fromEntries(assignments.map((m) => [m?.[1] ?? '', m?.[2] ?? ''])),
    nodeFlags: words.slice(node + 1, -1),
  };
}

export interface ApiOptions {
  /** The API package's folder (apps/api of this tree, or of another checkout), built. */
  apiRoot: string;
  databaseUrl: string;
  port: number;
  /** Order mails (no SMTP_URL: .eml files) and uploads go here. */
  dataDir: string;
  admin: { email: string; password: string };
  env?: Record<string, string>;
}

/** The built API as `npm run start:prod` runs it (flags and allocator settings included), ready. */
export async function startApi({ apiRoot, databaseUrl, port, dataDir, admin, env = {} }: ApiOptions): Promise<Api> {
  const started = performance.now();
  const production = productionCommand(apiRoot);
  const child = spawn(process.execPath, [...production.nodeFlags, `${apiRoot}/dist/server.js`], {
    env: {
      ...production.env,
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(48).toString('base64url'),
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      // The load comes from one client address: no limit may refuse it.
      RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
      RATE_LIMIT_PER_MINUTE: '1000000000',
      RATE_LIMIT_GLOBAL_PER_MINUTE: '1000000000',
      ADMIN_EMAIL: admin.email,
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: admin.password,
      CORS_ORIGINS: 'http://localhost:3000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/health/ready`, 30_000);
  const coldStartMs = Math.round(performance.now() - started);
  await new Promise((r) => setTimeout(r, 500));
  return { child, pid: child.pid ?? 0, base, coldStartMs, idleRssMb: rssMb(child.pid ?? 0) };
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}

export async function login(base: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`login ${email}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
