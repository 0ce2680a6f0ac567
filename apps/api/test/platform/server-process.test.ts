import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/db/client.js';
import { hashPassword } from '../../src/modules/auth/password.js';
import { findUserByEmail, insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { createScratchPostgres } from '../helpers/test-database.js';

const apiDir = fileURLToPath(new URL('../..', import.meta.url));
const NODE_ARGS = ['--conditions=development', '--import', 'tsx'];

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...NODE_ARGS, script, ...args], {
    cwd: apiDir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** A scratch PostgreSQL database when DATABASE_URL is set, else the embedded one in a temporary DATA_DIR. */
async function withDatabase(body: (env: Record<string, string>) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'emporium-proc-'));
  const scratch = await createScratchPostgres();
  try {
    await body(scratch ? { DATABASE_URL: scratch.url, DATA_DIR: dataDir } : { DATA_DIR: dataDir });
  } finally {
    await scratch?.drop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('the server process', () => {
  it('when the configuration is bad, then it exits non-zero with one line naming the problem', async () => {
    const { exited, output } = run('src/server.ts', [], { NODE_ENV: 'production', PORT: '1' });
    assert.equal(await exited, 1);
    const lines = output().stderr.trim().split('\n');
    assert.equal(lines.length, 1, output().stderr);
    assert.match(lines[0] ?? '', /JWT_SECRET/);
  });

  it('when started, then it migrates, serves, and on SIGTERM finishes and exits 0', { timeout: 60_000 }, async () => {
    await withDatabase(async (dbEnv) => {
      const port = await freePort();
      const proc = run('src/server.ts', [], { ...dbEnv, PORT: String(port), LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
      let exitedEarly = false;
      void proc.exited.then(() => {
        exitedEarly = true;
      });
      try {
        const deadline = Date.now() + 45_000;
        let ready = false;
        while (!ready && !exitedEarly && Date.now() < deadline) {
          ready = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
            (r) => r.status === 200,
            () => false,
          );
          if (!ready) await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(ready, proc.output().stderr);
        assert.match(proc.output().stdout, new RegExp(`http://127.0.0.1:${port}/docs`));
        proc.child.kill('SIGTERM');
        assert.equal(await proc.exited, 0);
      } finally {
        proc.child.kill('SIGKILL');
      }
    });
  });

  it('when the CLI runs migrate and create-admin, then the admin exists and can be promoted idempotently', {
    timeout: 60_000,
  }, async () => {
    await withDatabase(async (dbEnv) => {
      const env = { ...dbEnv, ADMIN_PASSWORD: 'a long admin passphrase' };
      const migrate = run('src/cli.ts', ['migrate'], env);
      assert.equal(await migrate.exited, 0, migrate.output().stderr);
      const email = `cli-admin-${Date.now()}@example.com`;
      const first = run('src/cli.ts', ['create-admin', email], env);
      assert.equal(await first.exited, 0, first.output().stderr);
      assert.match(first.output().stdout, /created/);
      const second = run('src/cli.ts', ['create-admin', email], env);
      assert.equal(await second.exited, 0);
      assert.match(second.output().stdout, /unchanged/);
      const unknown = run('src/cli.ts', ['frobnicate'], env);
      assert.equal(await unknown.exited, 2);
    });
  });

  it('when create-admin names an account whose address was never verified, then it exits 1 saying why and promotes nobody', {
    timeout: 90_000,
  }, async () => {
    await withDatabase(async (dbEnv) => {
      const env = { ...dbEnv, ADMIN_PASSWORD: 'a long admin passphrase' };
      const email = `squatter-${Date.now()}@example.com`;
      const database = await openDatabase({ url: dbEnv.DATABASE_URL, dataDir: dbEnv.DATA_DIR });
      await database.migrate();
      await insertUserUnlessEmailTaken(database.db, {
        email,
        fullName: 'Squatter',
        passwordHash: await hashPassword('squatter passphrase'),
      });
      await database.close();

      const refused = run('src/cli.ts', ['create-admin', email], env);
      assert.equal(await refused.exited, 1);
      assert.match(refused.output().stderr, /never verified/);

      const after = await openDatabase({ url: dbEnv.DATABASE_URL, dataDir: dbEnv.DATA_DIR });
      try {
        assert.equal((await findUserByEmail(after.db, email))?.role, 'customer');
      } finally {
        await after.close();
      }
    });
  });

  it('when the CLI runs purge, then it reports what it deleted and exits 0', { timeout: 60_000 }, async () => {
    await withDatabase(async (env) => {
      const purge = run('src/cli.ts', ['purge'], { ...env, RETENTION_DAYS: '7' });
      assert.equal(await purge.exited, 0, purge.output().stderr);
      assert.match(
        purge.output().stdout,
        /^Purged: sessions: 0, refreshTokens: 0, mailedTokens: 0, idempotencyKeys: 0, mail: 0, relayedEvents: 0\.$/m,
      );
    });
  });
});
