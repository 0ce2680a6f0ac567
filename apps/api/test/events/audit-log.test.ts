import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findUserByEmail } from '../../src/modules/users/users.repository.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

type Event = { type: string; actorId: string | null; subject: { type: string; id: string }; payload: Record<string, unknown> };

describe('domain events and the audit log', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp({ LOW_STOCK_THRESHOLD: '5' });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const log = async (query: string): Promise<Event[]> => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?limit=100&${query}`, headers: admin.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items;
  };

  it('when people act, then each state change is one event with actor, subject and payload', async () => {
    const email = uniqueEmail('audit');
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email, password: GOOD_PASSWORD, fullName: 'Audit Me' },
    });
    const registered = await findUserByEmail(ctx.db, email);
    assert.ok(registered);
    assert.deepEqual(
      (await log(`subjectId=${registered.id}`)).map((e) => e.type),
      ['user.registered'],
    );

    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/users/${registered.id}`, headers: admin.auth, payload: { role: 'admin' } });
    const [roleChange] = await log(`type=user.role_changed&subjectId=${registered.id}`);
    assert.equal(roleChange?.actorId, admin.id);
    assert.deepEqual(roleChange?.payload, { from: 'customer', to: 'admin' });

    const product = await makeProduct(ctx, admin, { stockQuantity: 7, name: 'Audited Lamp' });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${product.id}`, headers: admin.auth, payload: { priceCents: 2500 } });
    const buyer = await createUserAndSignIn(ctx);
    await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: buyer.auth,
      payload: { productId: product.id, quantity: 3 },
    });
    const order = (
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: buyer.auth,
        payload: { shippingAddress: SHIPPING_ADDRESS },
      })
    ).json().order;
    const productEvents = (await log(`subjectId=${product.id}`)).map((e) => e.type).reverse();
    assert.deepEqual(productEvents, ['product.created', 'product.updated', 'product.low_stock']);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/orders/${order.id}/cancel`, headers: buyer.auth });
    const orderEvents = (await log(`subjectId=${order.id}`)).map((e) => e.type).reverse();
    assert.deepEqual(orderEvents, ['order.placed', 'order.status_changed', 'order.cancelled']);
    const review = (
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/products/${product.id}/reviews`,
        headers: buyer.auth,
        payload: { rating: 4, title: 'Nice' },
      })
    ).json().review;
    assert.equal((await log(`subjectId=${review.id}`))[0]?.type, 'review.created');

    const byBuyer = await log(`actorId=${buyer.id}`);
    assert.ok(byBuyer.every((e) => e.actorId === buyer.id));
    assert.ok(byBuyer.some((e) => e.type === 'order.placed'));
  });

  it('when the log is filtered by date or paged, then it answers accordingly; bad filters are 422; customers get 403', async () => {
    const today = new Date().toISOString().slice(0, 10);
    assert.ok((await log(`from=${today}&to=${today}`)).length > 0);
    assert.equal((await log('from=2001-01-01&to=2001-01-02')).length, 0);
    const first = (await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/audit-log?limit=2', headers: admin.auth })).json();
    const second = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/admin/audit-log?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`,
        headers: admin.auth,
      })
    ).json();
    assert.ok(second.items.every((e: { sequence: number }) => e.sequence < first.items[1].sequence));
    for (const bad of ['from=yesterday', 'actorId=42', 'cursor=zzz', 'limit=0']) {
      assert.equal(
        (await ctx.app.inject({ method: 'GET', url: `/api/v1/admin/audit-log?${bad}`, headers: admin.auth })).statusCode,
        422,
        bad,
      );
    }
    const customer = await createUserAndSignIn(ctx);
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/audit-log', headers: customer.auth })).statusCode, 403);
  });
});
