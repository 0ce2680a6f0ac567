import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { openDatabase } from '../../src/db/client.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { postgresToolsSkipReason } from '../helpers/postgres-tools.js';
import { createUserAndSignIn, GOOD_PASSWORD, startTestApp, type TestContext } from '../helpers/test-app.js';
import { createScratchPostgres } from '../helpers/test-database.js';

const skip = await postgresToolsSkipReason(['pg_dump', 'pg_restore']);

/** docs/operations.md's backup and restore, as an operator runs them. */
describe('backup and restore', { skip, timeout: 120_000 }, () => {
  let ctx: TestContext;
  let restored: Awaited<ReturnType<typeof createScratchPostgres>>;
  let app: FastifyInstance | undefined;
  let scratch: string;
  before(async () => {
    ctx = await startTestApp();
    restored = await createScratchPostgres();
    scratch = mkdtempSync(join(tmpdir(), 'emporium-backup-'));
  });
  after(async () => {
    await app?.close();
    await ctx.close();
    await restored?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('when a pg_dump of a shop is restored into an empty database, the API starts on it and serves the same catalog, accounts and orders', async () => {
    const admin = await createUserAndSignIn(ctx, { role: 'admin' });
    const customer = await createUserAndSignIn(ctx);
    const product = await makeProduct(ctx, admin, { name: 'Restored Copper Kettle', stockQuantity: 5 });
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: customer.auth,
      payload: { productId: product.id, quantity: 2 },
    });
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: customer.auth,
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const order = placed.json().order;

    const file = join(scratch, 'shop.dump');
    const dump = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, ctx.testDatabase.url ?? ''], { encoding: 'utf8' });
    assert.equal(dump.status, 0, dump.stderr);
    const restore = spawnSync('pg_restore', ['--no-owner', `--dbname=${restored?.url}`, file], { encoding: 'utf8' });
    assert.equal(restore.status, 0, restore.stderr);

    const database = await openDatabase({ url: restored?.url, poolSize: 4 });
    await database.migrate();
    app = await buildApp({ config: { ...ctx.config, database: { ...ctx.config.database, url: restored?.url } }, database });
    await app.ready();

    const read = await app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` });
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().product.name, 'Restored Copper Kettle');
    assert.equal(read.json().product.stockQuantity, 3);
    const search = await app.inject({ method: 'GET', url: '/api/v1/products?q=kettle' });
    assert.deepEqual(
      search.json().items.map((p: { id: string }) => p.id),
      [product.id],
    );
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: customer.email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    const orders = await app.inject({
      method: 'GET',
      url: '/api/v1/orders',
      headers: { authorization: `Bearer ${login.json().accessToken}` },
    });
    assert.deepEqual(
      orders.json().items.map((o: { orderNumber: string; totalCents: number }) => [o.orderNumber, o.totalCents]),
      [[order.orderNumber, order.totalCents]],
    );
  });
});
