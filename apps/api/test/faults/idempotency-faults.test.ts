import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { idempotencyKeys, orders, products } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('Idempotency-Key after a failure in the middle', { timeout: 120_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    // A fault switch: while fault_armed has a row, recording a key's answer fails. In the
    // old flow that statement ran after the order had committed on its own.
    await ctx.db.execute(sql`create table fault_armed (on_key text)`);
    await ctx.db.execute(sql`
      create function fail_when_armed() returns trigger language plpgsql as $$
      begin
        if exists (select from fault_armed where on_key = new.key) then raise exception 'injected fault'; end if;
        return new;
      end $$`);
    await ctx.db.execute(sql`
      create trigger idempotency_fault before update on idempotency_keys for each row execute function fail_when_armed()`);
  });
  after(() => ctx?.close());

  async function buyerWithCart(productId: string) {
    const buyer = await createUserAndSignIn(ctx);
    const added = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: buyer.auth,
      payload: { productId, quantity: 2 },
    });
    assert.equal(added.statusCode, 200, added.body);
    return buyer;
  }
  const place = (buyer: SignedIn, key: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...buyer.auth, 'idempotency-key': key },
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
  const ordersOf = async (userId: string) => ctx.db.select({ id: orders.id }).from(orders).where(eq(orders.userId, userId));
  const stockOf = async (id: string) =>
    (await ctx.db.select({ s: products.stockQuantity }).from(products).where(eq(products.id, id)))[0]?.s;

  it('when checkout fails after placing the order but before the key records it, then a retry places exactly one order', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const buyer = await buyerWithCart(p.id);
    const key = 'fault-key-0001';
    await ctx.db.execute(sql`insert into fault_armed values (${key})`);
    const failed = await place(buyer, key);
    assert.equal(failed.statusCode, 500, failed.body);
    await ctx.db.execute(sql`delete from fault_armed`);

    const retried = await place(buyer, key);
    assert.equal(retried.statusCode, 201, retried.body);
    const again = await place(buyer, key);
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.json().order.id, retried.json().order.id);
    assert.equal((await ordersOf(buyer.id)).length, 1);
    assert.equal(await stockOf(p.id), 8);
  });

  it('when a claim was left in progress by a request that died, then a retry later places the order', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const buyer = await buyerWithCart(p.id);
    const key = 'fault-key-0002';
    // What a crash between the claim and the order left behind: a claim on its own, from 10 minutes ago.
    const first = await place(buyer, 'fault-key-probe');
    assert.equal(first.statusCode, 201);
    const [probe] = await ctx.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'fault-key-probe'));
    assert.ok(probe);
    await ctx.db.execute(sql`
      insert into idempotency_keys (user_id, key, request_hash, state, created_at, expires_at)
      values (${buyer.id}, ${key}, ${probe.requestHash}, 'in_progress', now() - interval '10 minutes', now() + interval '1 day')`);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: buyer.auth, payload: { productId: p.id, quantity: 1 } });

    const retried = await place(buyer, key);
    assert.equal(retried.statusCode, 201, retried.body);
    assert.equal((await ordersOf(buyer.id)).length, 2);
    const [row] = rowsOf<{ state: string }>(await ctx.db.execute(sql`select state from idempotency_keys where key = ${key}`));
    assert.equal(row?.state, 'done');
  });
});
