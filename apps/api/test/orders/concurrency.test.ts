import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { orders, products } from '../../src/db/schema/index.js';
import { MAX_CART_LINES } from '../../src/modules/cart/cart.service.js';
import { fillCart, makeManyProducts, makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

// The embedded database runs one transaction at a time: races only mean something on PostgreSQL.
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('checkout under concurrency', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)', timeout: 300_000 }, () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp({ DATABASE_POOL_SIZE: '20' });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx?.close());

  const buyers = (n: number) => Promise.all(Array.from({ length: n }, () => createUserAndSignIn(ctx)));
  const add = (who: SignedIn, productId: string, quantity: number) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: who.auth, payload: { productId, quantity } });
  const place = (who: SignedIn, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...who.auth, ...headers },
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
  const stockOf = async (id: string) =>
    (await ctx.db.select({ s: products.stockQuantity }).from(products).where(eq(products.id, id)))[0]?.s;
  const ordersFor = async (productId: string) =>
    Number(
      rowsOf<{ n: string }>(
        await ctx.db.execute(sql`select count(distinct order_id) n from order_items where product_id = ${productId}`),
      )[0]?.n,
    );

  it('when 100 buyers check out the last 10 at once, then exactly 10 orders, stock 0, and 90 × 409', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 100 });
    const people = await buyers(100);
    for (const who of people) await add(who, p.id, 1);
    await ctx.db.update(products).set({ stockQuantity: 10 }).where(eq(products.id, p.id));
    const results = await Promise.all(people.map((who) => place(who)));
    const statuses = results.map((r) => r.statusCode);
    assert.equal(statuses.filter((s) => s === 201).length, 10);
    assert.equal(statuses.filter((s) => s === 409).length, 90);
    assert.equal(await stockOf(p.id), 0);
    assert.equal(await ordersFor(p.id), 10);
  });

  it('when 30 buyers of 3 race for 10, then exactly 3 orders and 1 left', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 90 });
    const people = await buyers(30);
    for (const who of people) await add(who, p.id, 3);
    await ctx.db.update(products).set({ stockQuantity: 10 }).where(eq(products.id, p.id));
    const results = await Promise.all(people.map((who) => place(who)));
    assert.equal(results.filter((r) => r.statusCode === 201).length, 3);
    assert.ok(results.every((r) => r.statusCode === 201 || r.statusCode === 409));
    assert.equal(await stockOf(p.id), 1);
  });

  it('when one customer adds 1 twenty times at once to a line with a stock of 10, then the line holds 10 and 10 × 409', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const [who] = await buyers(1);
    if (!who) throw new Error('no buyer');
    const results = await Promise.all(Array.from({ length: 20 }, () => add(who, p.id, 1)));
    assert.equal(results.filter((r) => r.statusCode === 200).length, 10);
    assert.equal(results.filter((r) => r.statusCode === 409).length, 10);
    const cart = await ctx.app.inject({ method: 'GET', url: '/api/v1/cart', headers: who.auth });
    assert.equal(cart.json().items[0].quantity, 10);
  });

  it(`when a cart one line short of ${MAX_CART_LINES} gets 40 new products at once, then exactly one goes in and 39 × 409 CART_FULL`, async () => {
    const [who] = await buyers(1);
    if (!who) throw new Error('no buyer');
    const ids = await makeManyProducts(ctx, MAX_CART_LINES + 39);
    await fillCart(ctx, who.id, ids.slice(0, MAX_CART_LINES - 1));
    // Adds into another cart first: every connection of the pool opened and the path warm, so
    // that the 40 below really overlap.
    const [warm] = await buyers(1);
    if (!warm) throw new Error('no buyer');
    await Promise.all(ids.slice(0, 20).map((id) => add(warm, id, 1)));
    const results = await Promise.all(ids.slice(MAX_CART_LINES - 1).map((id) => add(who, id, 1)));
    assert.equal(results.filter((r) => r.statusCode === 200).length, 1);
    assert.deepEqual(
      results.filter((r) => r.statusCode !== 200).map((r) => [r.statusCode, r.json().error]),
      Array.from({ length: 39 }, () => [409, 'CART_FULL']),
    );
    const lines = rowsOf<{ n: string }>(await ctx.db.execute(sql`select count(*) n from cart_items where user_id = ${who.id}::uuid`));
    assert.equal(Number(lines[0]?.n), MAX_CART_LINES);
  });

  it('when 100 two-product carts list A,B and B,A, then all succeed without deadlock', async () => {
    const a = await makeProduct(ctx, admin, { stockQuantity: 1000 });
    const b = await makeProduct(ctx, admin, { stockQuantity: 1000 });
    const people = await buyers(100);
    for (const [i, who] of people.entries()) {
      const [first, second] = i % 2 ? [a, b] : [b, a];
      await add(who, first.id, 1);
      await add(who, second.id, 1);
    }
    const results = await Promise.all(people.map((who) => place(who)));
    assert.deepEqual([...new Set(results.map((r) => r.statusCode))], [201]);
    assert.equal(await stockOf(a.id), 900);
    assert.equal(await stockOf(b.id), 900);
  });

  it('when one cart is checked out 20 times at once, then one order', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 50 });
    const [me] = await buyers(1);
    if (!me) throw new Error('no buyer');
    await add(me, p.id, 2);
    const results = await Promise.all(Array.from({ length: 20 }, () => place(me)));
    assert.equal(results.filter((r) => r.statusCode === 201).length, 1);
    assert.ok(
      results.every((r) => r.statusCode === 201 || r.statusCode === 400),
      results.map((r) => r.statusCode).join(','),
    );
    assert.equal(await stockOf(p.id), 48);
    assert.equal(await ctx.db.$count(orders, eq(orders.userId, me.id)), 1);
  });

  it('when one Idempotency-Key is sent 10 times at once, then one order; the rest replay it or are told it is in flight', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 50 });
    const [me] = await buyers(1);
    if (!me) throw new Error('no buyer');
    await add(me, p.id, 1);
    const key = { 'idempotency-key': `race-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 10 }, () => place(me, key)));
    const created = results.filter((r) => r.statusCode === 201);
    assert.ok(created.length >= 1);
    assert.equal(new Set(created.map((r) => r.json().order.id)).size, 1, 'every 201 is the same order');
    assert.ok(results.every((r) => r.statusCode === 201 || r.statusCode === 409));
    assert.ok(results.filter((r) => r.statusCode === 409).every((r) => r.json().error === 'IDEMPOTENCY_KEY_IN_PROGRESS'));
    assert.equal(await ctx.db.$count(orders, eq(orders.userId, me.id)), 1);
  });

  it('when 10 cancels race, then the stock comes back exactly once', async () => {
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const [me] = await buyers(1);
    if (!me) throw new Error('no buyer');
    await add(me, p.id, 4);
    const order = (await place(me)).json().order;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        ctx.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/cancel`, headers: i % 2 ? me.auth : admin.auth }),
      ),
    );
    assert.equal(results.filter((r) => r.statusCode === 200).length, 1);
    assert.equal(results.filter((r) => r.statusCode === 409).length, 9);
    assert.equal(await stockOf(p.id), 10);
  });
});
