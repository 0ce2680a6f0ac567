import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unwrap } from '@emporium/client';
import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { products } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';
import { api } from '../helpers/typed-client.js';

const ADDRESS = {
  fullName: 'Ada Lovelace',
  line1: '12 St James Square',
  city: 'London',
  postalCode: 'SW1Y 4JH',
  country: 'gb',
  phone: '+44 20 7946 0000',
};

describe('checkout and orders', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const addToCart = (who: SignedIn, productId: string, quantity: number) =>
    unwrap(api(ctx, who).POST('/api/v1/cart/items', { body: { productId, quantity } }));
  /** Checks out the cart to ADDRESS and returns the order. */
  const checkout = async (who: SignedIn) =>
    (await unwrap(api(ctx, who).POST('/api/v1/orders', { body: { shippingAddress: ADDRESS } }))).order;
  const orderId = (id: string) => ({ params: { path: { id } } });
  const placeOrder = (who: SignedIn, headers: Record<string, string> = {}, body: Record<string, unknown> = { shippingAddress: ADDRESS }) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/orders', headers: { ...who.auth, ...headers }, payload: body });
  const stockOf = async (id: string) =>
    (await ctx.db.select({ s: products.stockQuantity }).from(products).where(eq(products.id, id)))[0]?.s;
  const setStatus = (id: string, status: string) =>
    ctx.app.inject({ method: 'PATCH', url: `/api/v1/orders/${id}/status`, headers: admin.auth, payload: { status } });

  it('when a verified customer checks out, then an order with server prices, stock taken, cart emptied and a confirmation mail', async () => {
    const me = await createUserAndSignIn(ctx);
    const a = await makeProduct(ctx, admin, { priceCents: 1250, stockQuantity: 5, name: 'Alpha' });
    const b = await makeProduct(ctx, admin, { priceCents: 300, stockQuantity: 9, name: 'Beta' });
    await addToCart(me, a.id, 2);
    await addToCart(me, b.id, 3);
    const res = await placeOrder(me, {}, { shippingAddress: ADDRESS, note: 'Leave at the door' });
    assert.equal(res.statusCode, 201, res.body);
    const order = res.json().order;
    assert.match(order.orderNumber, /^EM-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    assert.equal(order.status, 'pending');
    assert.equal(order.subtotalCents, 2 * 1250 + 3 * 300);
    assert.equal(order.totalCents, order.subtotalCents);
    assert.equal(order.userId, me.id);
    assert.equal(order.shippingAddress.country, 'GB');
    assert.equal(order.items.length, 2);
    assert.deepEqual(
      order.statusHistory.map((h: { to: string }) => h.to),
      ['pending'],
    );
    assert.equal(await stockOf(a.id), 3);
    assert.equal(await stockOf(b.id), 6);
    assert.deepEqual((await ctx.app.inject({ method: 'GET', url: '/api/v1/cart', headers: me.auth })).json().items, []);
    const mail = await ctx.mail.waitFor(me.email, /confirmed/);
    assert.match(mail.text, new RegExp(order.orderNumber));
    const again = await placeOrder(me);
    assert.equal(again.statusCode, 400);
    assert.equal(errorOf(again).error, 'CART_EMPTY');
  });

  it('when the client sends prices, totals or a user id, then 422', async () => {
    const me = await createUserAndSignIn(ctx);
    for (const extra of [{ totalCents: 1 }, { subtotalCents: 1 }, { userId: admin.id }, { items: [] }]) {
      const res = await placeOrder(me, {}, { shippingAddress: ADDRESS, ...extra });
      assert.equal(res.statusCode, 422, JSON.stringify(extra));
    }
    assert.equal((await placeOrder(me, {}, { shippingAddress: { ...ADDRESS, country: 'Britain' } })).statusCode, 422);
    assert.equal((await placeOrder(me, {}, { shippingAddress: { ...ADDRESS, line1: '' } })).statusCode, 422);
  });

  it('when the e-mail is not verified, then 403 EMAIL_NOT_VERIFIED and nothing changes', async () => {
    const me = await createUserAndSignIn(ctx, { isVerified: false });
    const p = await makeProduct(ctx, admin, { stockQuantity: 4 });
    await addToCart(me, p.id, 1);
    const res = await placeOrder(me);
    assert.equal(res.statusCode, 403);
    assert.equal(errorOf(res).error, 'EMAIL_NOT_VERIFIED');
    assert.equal(await stockOf(p.id), 4);
  });

  it('when a line is short, then 409 OUT_OF_STOCK lists every short item and nothing changes', async () => {
    const me = await createUserAndSignIn(ctx);
    const ok = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const short = await makeProduct(ctx, admin, { stockQuantity: 5, name: 'Short One' });
    const gone = await makeProduct(ctx, admin, { stockQuantity: 5, name: 'Gone One' });
    await addToCart(me, ok.id, 2);
    await addToCart(me, short.id, 4);
    await addToCart(me, gone.id, 1);
    await ctx.db.update(products).set({ stockQuantity: 2 }).where(eq(products.id, short.id));
    await ctx.db.update(products).set({ stockQuantity: 0 }).where(eq(products.id, gone.id));
    const res = await placeOrder(me);
    assert.equal(res.statusCode, 409);
    const body = res.json();
    assert.equal(body.error, 'OUT_OF_STOCK');
    const items = Object.fromEntries(
      body.items.map((i: { productId: string; requested: number; available: number }) => [i.productId, [i.requested, i.available]]),
    );
    assert.deepEqual(items, { [short.id]: [4, 2], [gone.id]: [1, 0] });
    assert.match(body.detail, /Only 2 left of 'Short One'/);
    assert.equal(await stockOf(ok.id), 10, 'rolled back');
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/cart', headers: me.auth })).json().items.length, 3);
  });

  it('when the same Idempotency-Key is sent again, then the first answer comes back; another body with it is 422', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    await addToCart(me, p.id, 2);
    const key = { 'idempotency-key': `checkout-${Date.now()}` };
    const first = await placeOrder(me, key);
    assert.equal(first.statusCode, 201);
    const second = await placeOrder(me, key);
    assert.equal(second.statusCode, 201);
    assert.deepEqual(second.json(), first.json());
    assert.equal(await stockOf(p.id), 8, 'no second order');
    const mismatch = await placeOrder(me, key, { shippingAddress: { ...ADDRESS, city: 'Paris' } });
    assert.equal(mismatch.statusCode, 422);
    assert.equal(errorOf(mismatch).error, 'IDEMPOTENCY_KEY_REUSED');
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/v1/orders', headers: me.auth })).json();
    assert.equal(list.items.length, 1);

    const emptyKey = { 'idempotency-key': `empty-${Date.now()}` };
    const emptyFirst = await placeOrder(me, emptyKey);
    assert.equal(emptyFirst.statusCode, 400);
    const emptyAgain = await placeOrder(me, emptyKey);
    assert.equal(emptyAgain.statusCode, 400, 'business errors are replayed too');
    assert.equal((await placeOrder(me, { 'idempotency-key': 'short' })).statusCode, 422);
  });

  it('when orders are placed, then they and every row they write get time-ordered ids (UUID version 7)', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    const orders: { id: string; createdAt: string }[] = [];
    for (let i = 0; i < 2; i++) {
      // Two orders in one millisecond would share their time, and sort either way.
      if (i > 0) await new Promise((resolve) => setTimeout(resolve, 2));
      await addToCart(me, p.id, 1);
      const res = await placeOrder(me);
      assert.equal(res.statusCode, 201, res.body);
      orders.push(res.json().order);
    }
    const v7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    /** The Unix milliseconds in a version 7 UUID's first 48 bits. */
    const millisOf = (id: string) => Number.parseInt(id.replaceAll('-', '').slice(0, 12), 16);
    for (const order of orders) {
      assert.match(order.id, v7);
      assert.ok(Math.abs(millisOf(order.id) - Date.parse(order.createdAt)) < 5_000, `${order.id} against ${order.createdAt}`);
    }
    const [first, second] = orders.map((o) => o.id) as [string, string];
    assert.ok(first < second, 'the later order sorts after the earlier one');
    const ids = rowsOf<{ kind: string; id: string }>(
      await ctx.db.execute(sql`
        select 'item' as kind, id from order_items where order_id in (${first}::uuid, ${second}::uuid)
        union all select 'history', id from order_status_history where order_id in (${first}::uuid, ${second}::uuid)
        union all select 'event', id from domain_events where subject_id in (${first}::uuid, ${second}::uuid)
        union all select 'mail', id from mail_outbox where recipient = ${me.email}
        union all select 'session', id from sessions where user_id = ${me.id}::uuid
        union all select 'refresh token', r.id from refresh_tokens r join sessions s on s.id = r.session_id where s.user_id = ${me.id}::uuid`),
    );
    assert.deepEqual(new Set(ids.map((r) => r.kind)), new Set(['item', 'history', 'event', 'mail', 'session', 'refresh token']));
    for (const row of ids) assert.match(row.id, v7, row.kind);
  });

  it('when orders are read, then owners see theirs, admins all, anyone else 404', async () => {
    const [owner, stranger] = [await createUserAndSignIn(ctx), await createUserAndSignIn(ctx)];
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    await addToCart(owner, p.id, 1);
    const order = await checkout(owner);
    assert.equal((await unwrap(api(ctx, owner).GET('/api/v1/orders/{id}', orderId(order.id)))).order.id, order.id);
    assert.equal((await unwrap(api(ctx, admin).GET('/api/v1/orders/{id}', orderId(order.id)))).order.id, order.id);
    const peek = await api(ctx, stranger).GET('/api/v1/orders/{id}', orderId(order.id));
    assert.equal(peek.response.status, 404);
    assert.doesNotMatch(JSON.stringify(peek.error), new RegExp(order.orderNumber));
    assert.equal((await api(ctx, stranger).POST('/api/v1/orders/{id}/cancel', orderId(order.id))).response.status, 404);
    assert.equal((await unwrap(api(ctx, stranger).GET('/api/v1/orders'))).items.length, 0);
    const sneaky = await unwrap(api(ctx, stranger).GET('/api/v1/orders', { params: { query: { userId: owner.id } } }));
    assert.equal(sneaky.items.length, 0, 'userId filter is for admins only');
    const adminView = await unwrap(api(ctx, admin).GET('/api/v1/orders', { params: { query: { userId: owner.id } } }));
    assert.equal(adminView.items.length, 1);
    assert.equal(adminView.total, 1);
    const promoted = await api(ctx, owner).PATCH('/api/v1/orders/{id}/status', { ...orderId(order.id), body: { status: 'paid' } });
    assert.equal(promoted.response.status, 403);
  });

  it('when the status moves, then only legal transitions pass, history records each, and shipping mails the buyer', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 10 });
    await addToCart(me, p.id, 1);
    const order = await checkout(me);
    assert.equal((await setStatus(order.id, 'shipped')).statusCode, 409);
    assert.equal(errorOf(await setStatus(order.id, 'delivered')).error, 'ILLEGAL_STATUS_TRANSITION');
    assert.equal((await setStatus(order.id, 'lost')).statusCode, 422);
    for (const status of ['paid', 'processing', 'shipped']) assert.equal((await setStatus(order.id, status)).statusCode, 200, status);
    await ctx.mail.waitFor(me.email, /has shipped/);
    const late = await api(ctx, admin).POST('/api/v1/orders/{id}/cancel', orderId(order.id));
    assert.equal(late.error?.error, 'ILLEGAL_STATUS_TRANSITION', 'too late to cancel');
    const put = await unwrap(api(ctx, admin).PUT('/api/v1/orders/{id}', { ...orderId(order.id), body: { status: 'delivered' } }));
    const history = put.order.statusHistory;
    assert.deepEqual(
      history.map((h) => [h.from, h.to]),
      [
        [null, 'pending'],
        ['pending', 'paid'],
        ['paid', 'processing'],
        ['processing', 'shipped'],
        ['shipped', 'delivered'],
      ],
    );
    assert.equal(history[1]?.actorId, admin.id);
    assert.equal((await setStatus(order.id, 'refunded')).statusCode, 200);
    assert.equal((await setStatus(order.id, 'paid')).statusCode, 409);
  });

  it('when the owner cancels a pending order, then stock returns once and a mail goes out; a processing order is the admin’s to cancel', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 6 });
    await addToCart(me, p.id, 4);
    const order = await checkout(me);
    assert.equal(await stockOf(p.id), 2);
    const cancel = await unwrap(api(ctx, me).POST('/api/v1/orders/{id}/cancel', orderId(order.id)));
    assert.equal(cancel.order.status, 'cancelled');
    assert.equal(await stockOf(p.id), 6);
    assert.equal((await api(ctx, me).POST('/api/v1/orders/{id}/cancel', orderId(order.id))).response.status, 409);
    assert.equal(await stockOf(p.id), 6, 'restored once');
    await ctx.mail.waitFor(me.email, /cancelled/);

    await addToCart(me, p.id, 1);
    const second = await checkout(me);
    await setStatus(second.id, 'paid');
    await setStatus(second.id, 'processing');
    assert.equal((await api(ctx, me).POST('/api/v1/orders/{id}/cancel', orderId(second.id))).response.status, 409);
    assert.equal((await unwrap(api(ctx, admin).POST('/api/v1/orders/{id}/cancel', orderId(second.id)))).order.status, 'cancelled');
  });

  it('when a customer reviews a product from a paid order, then the review is a verified purchase', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 5 });
    await addToCart(me, p.id, 1);
    const order = await checkout(me);
    await setStatus(order.id, 'paid');
    const review = (author: SignedIn, rating: number, title: string) =>
      unwrap(api(ctx, author).POST('/api/v1/products/{id}/reviews', { params: { path: { id: p.id } }, body: { rating, title } }));
    assert.equal((await review(me, 5, 'Great')).review.verifiedPurchase, true);
    assert.equal((await review(await createUserAndSignIn(ctx), 4, 'Looks nice')).review.verifiedPurchase, false);
  });

  it('when an ordered product is deleted, then it is deactivated instead', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 5 });
    await addToCart(me, p.id, 1);
    await checkout(me);
    const res = await unwrap(api(ctx, admin).DELETE('/api/v1/products/{id}', { params: { path: { id: p.id } } }));
    assert.equal(res.outcome, 'deactivated');
  });

  it('when orders are filtered by date and exported, then the CSV has one quoted line per item', async () => {
    const me = await createUserAndSignIn(ctx);
    const p = await makeProduct(ctx, admin, { stockQuantity: 5, name: '=cmd|calc' });
    await addToCart(me, p.id, 2);
    const order = await checkout(me);
    const today = new Date().toISOString().slice(0, 10);
    const listed = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/orders?from=${today}&to=${today}&userId=${me.id}`, headers: admin.auth })
    ).json();
    assert.equal(listed.items.length, 1);
    const none = (
      await ctx.app.inject({ method: 'GET', url: `/api/v1/orders?from=2001-01-01&to=2001-01-02&userId=${me.id}`, headers: admin.auth })
    ).json();
    assert.equal(none.items.length, 0);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/orders?from=yesterday', headers: admin.auth })).statusCode, 422);
    const csv = await ctx.app.inject({ method: 'GET', url: `/api/v1/orders/export?userId=${me.id}`, headers: admin.auth });
    assert.equal(csv.statusCode, 200);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.ok(lines[1]?.startsWith(`"${order.orderNumber}"`));
    assert.ok(lines[1]?.includes(`"'=cmd|calc"`));
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/orders/export', headers: me.auth })).statusCode, 403);
  });
});
