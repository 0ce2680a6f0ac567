#!/usr/bin/env node
/**
 * `npm start` / `npm run dev`: the API and the web shop together.
 *
 *   npm start     builds what changed (contracts, web) and runs both; the shop is
 *                 http://localhost:3000 and the API is proxied under it at /api.
 *   npm run dev   both with reload (API via tsx --watch, web via next dev).
 *
 * Ctrl-C stops both. API settings come from the environment as usual (see the README);
 * WEB_PORT sets the shop's port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSettings } from './start-settings.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dev = process.argv.includes('--dev');
const { host, webPort, webUrl, webLocalUrl, apiUrl, demo } = startSettings(process.env);
const next = join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', '.next', 'test', 'dist'].includes(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(label, args, cwd = root) {
  process.stdout.write(`${label}…\n`);
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const contractsProject = join(root, 'packages', 'contracts', 'tsconfig.build.json');

if (dev) run('building the shared contracts', [tsc, '-p', contractsProject]);
else {
  const webDir = join(root, 'apps', 'web');
  const buildId = join(webDir, '.next', 'BUILD_ID');
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = Math.max(newestChange(webDir), newestChange(join(root, 'packages', 'contracts', 'src')));
  if (sources > built) {
    run('building the shared contracts', [
      join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
      '-p',
      'packages/contracts/tsconfig.build.json',
    ]);
    run('building the web shop (next build, about a minute the first time)', [next, 'build'], webDir);
  }
}

const children = [];
function start(name, args, env, cwd = root) {
  const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout.on('data', (chunk) => {
    for (const line of String(chunk).split('\n')) if (line.trim()) process.stdout.write(`[${name}] ${line}\n`);
  });
  child.on('exit', (code) => {
    if (!stopping) {
      process.stdout.write(`[${name}] exited (${code}); stopping\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode === null ? c.once('exit', r) : r())))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitFor(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(url)).status < 500) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

// In dev, edits to the shared contracts are recompiled for the web app as you save.
if (dev) start('contracts', [tsc, '-p', contractsProject, '--watch', '--preserveWatchOutput'], {});

const apiEnv = { HOST: host, PUBLIC_WEB_URL: webUrl, TRUST_PROXY: process.env.TRUST_PROXY ?? '127.0.0.1' };
start(
  'api',
  ['--conditions=development', '--import', 'tsx', ...(dev ? ['--watch'] : []), 'src/server.ts'],
  apiEnv,
  join(root, 'apps', 'api'),
);
// The demo store loads on the first start (about 20 s).
if (!(await waitFor(`${apiUrl}/health/ready`, 180_000))) {
  process.stdout.write('the API did not become ready; stopping\n');
  stop(1);
} else {
  start(
    'web',
    [next, dev ? 'dev' : 'start', '--port', String(webPort), '--hostname', host],
    { API_URL: apiUrl, PUBLIC_WEB_URL: webUrl, NEXT_TELEMETRY_DISABLED: '1' },
    join(root, 'apps', 'web'),
  );
  if (await waitFor(`${webLocalUrl}/robots.txt`, 120_000)) {
    process.stdout.write(
      [
        '',
        `Emporium shop:  ${webUrl}`,
        ...(existsSync(join(root, 'apps', 'web', 'app', 'admin')) ? [`Admin:          ${webUrl}/admin`] : []),
        `API:            ${apiUrl}/api/v1 (docs ${apiUrl}/docs)`,
        ...(demo
          ? [
              'Demo accounts:',
              '  admin     admin@emporium.test / emporium-admin-demo',
              '  customer  customer@emporium.test / emporium-customer-demo',
            ]
          : []),
        'Ctrl-C stops both.',
        '',
      ].join('\n'),
    );
  }
}
