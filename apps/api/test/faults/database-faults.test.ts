import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { rowsOf } from '../../src/db/client.js';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

// statement_timeout and real concurrency need a PostgreSQL server; the embedded one runs one
// transaction at a time and has no timer to cancel a statement with.
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('database faults', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)', timeout: 120_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp({ DATABASE_STATEMENT_TIMEOUT_MS: '400' });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx?.close());

  it('every pool connection carries the configured statement_timeout', async () => {
    const [row] = rowsOf<{ statement_timeout: string }>(await ctx.db.execute(sql`show statement_timeout`));
    assert.equal(row?.statement_timeout, '400ms');
  });

  it('when a statement waits past the timeout (a row locked elsewhere), then 503 DATABASE_TIMEOUT JSON, soon', async () => {
    const p = await makeProduct(ctx, admin);
    const locker = new pg.Client({ connectionString: ctx.testDatabase.url });
    await locker.connect();
    try {
      await locker.query('begin');
      await locker.query('select id from products where id = $1 for update', [p.id]);
      const started = Date.now();
      const res = await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/products/${p.id}`,
        headers: admin.auth,
        payload: { name: 'Renamed' },
      });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(errorOf(res).error, 'DATABASE_TIMEOUT');
      assert.equal(res.headers['retry-after'], '1');
      assert.ok(Date.now() - started < 3000, `answered after ${Date.now() - started} ms`);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
    const again = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${p.id}`,
      headers: admin.auth,
      payload: { name: 'Renamed' },
    });
    assert.equal(again.statusCode, 200, again.body);
  });

  it('when two admins at once put A under B and B under A, then one move wins and the other is refused; never a loop', async () => {
    const second = await createUserAndSignIn(ctx, { role: 'admin' });
    for (let round = 0; round < 8; round++) {
      const a = await makeCategory(ctx, admin);
      const b = await makeCategory(ctx, admin);
      const [ra, rb] = await Promise.all([
        ctx.app.inject({ method: 'PATCH', url: `/api/v1/categories/${a.id}`, headers: admin.auth, payload: { parentId: b.id } }),
        ctx.app.inject({ method: 'PATCH', url: `/api/v1/categories/${b.id}`, headers: second.auth, payload: { parentId: a.id } }),
      ]);
      const codes = [ra.statusCode, rb.statusCode].sort();
      assert.deepEqual(codes, [200, 422], `round ${round}: ${ra.body} / ${rb.body}`);
      const loser = ra.statusCode === 422 ? ra : rb;
      assert.equal(errorOf(loser).errors?.[0]?.field, 'parentId');
      const parents = rowsOf<{ id: string; parent_id: string | null }>(
        await ctx.db.execute(sql`select id, parent_id from categories where id in (${a.id}, ${b.id})`),
      );
      assert.equal(parents.filter((r) => r.parent_id !== null).length, 1, `round ${round}: ${JSON.stringify(parents)}`);
    }
  });
});
