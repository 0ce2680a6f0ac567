import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

const BULK_USERS = 20_000;

/**
 * GETs `path` over a real socket and stops reading after the first chunk until `whilePaused`
 * has run: the export then waits on the client, between two of its database pages.
 */
function readWithPause(
  port: number,
  path: string,
  headers: Record<string, string>,
  whilePaused: () => Promise<void>,
): Promise<{ status: number; bytes: number; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let bytes = 0;
      let paused = false;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (paused) return;
        paused = true;
        res.pause();
        whilePaused().then(() => res.resume(), reject);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, complete: res.complete }));
      res.on('error', () => resolve({ status: res.statusCode ?? 0, bytes, complete: false }));
      res.on('aborted', () => resolve({ status: res.statusCode ?? 0, bytes, complete: false }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('exports under database faults', { timeout: 180_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let port: number;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    // Long names make the export several megabytes: more than the sockets buffer, so the
    // export is still reading pages when the client pauses.
    await ctx.db.execute(sql`
      insert into users (email, full_name, password_hash)
      select 'bulk-' || n || '@example.com', repeat('n', 300), 'x' from generate_series(1, ${BULK_USERS}::int) n`);
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ctx.app.server.address() as AddressInfo).port;
  });
  after(() => ctx?.close());

  it('when the database fails in the middle of a users export, then that response is cut short and the API keeps serving', async () => {
    const result = await readWithPause(port, '/api/v1/users/export', admin.auth, async () => {
      await sleep(300);
      // The next page's query now fails: a real database error, between two pages.
      await ctx.db.execute(sql`alter table users rename to users_away`);
    });
    await ctx.db.execute(sql`alter table users_away rename to users`);
    assert.equal(result.status, 200);
    assert.equal(result.complete, false, `the export should have been cut short (${result.bytes} bytes)`);
    await sleep(200);
    const health = await ctx.app.inject({ method: 'GET', url: '/health' });
    assert.equal(health.statusCode, 200);
    const full = await ctx.app.inject({ method: 'GET', url: '/api/v1/users/export', headers: admin.auth });
    assert.equal(full.statusCode, 200);
    assert.equal(full.body.trim().split('\n').length, BULK_USERS + 2);
  });

  it('when the orders export fails on its first page (a date PostgreSQL rejects), then a JSON error and the API keeps serving', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/orders/export?from=0000-01-01', headers: admin.auth });
    assert.ok(res.statusCode >= 400, res.body);
    errorOf(res);
    await sleep(200);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    const ok = await ctx.app.inject({ method: 'GET', url: '/api/v1/orders/export', headers: admin.auth });
    assert.equal(ok.statusCode, 200);
  });
});
