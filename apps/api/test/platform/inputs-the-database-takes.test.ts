import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

const cursor = (values: unknown[]) => encodeURIComponent(Buffer.from(JSON.stringify(values)).toString('base64url'));
const ID = '00000000-0000-4000-8000-000000000000';

/** Every input below once passed validation and then failed in PostgreSQL as a 500. */
describe('inputs that pass validation are valid for the database', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let productId: string;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    productId = (await makeProduct(ctx, admin)).id;
  });
  after(() => ctx.close());

  const get = (url: string, who: SignedIn = admin) => ctx.app.inject({ method: 'GET', url, headers: who.auth });

  it('when a date is in year 0000 or outside 2000–9999, then 422 on that field for orders, exports, audit log and every report', async () => {
    const routes = [
      '/api/v1/orders',
      '/api/v1/orders/export',
      '/api/v1/admin/audit-log',
      '/api/v1/analytics/sales',
      '/api/v1/analytics/orders',
      '/api/v1/analytics/customers',
      '/api/v1/analytics/products',
    ];
    for (const route of routes) {
      for (const [field, value] of [
        ['from', '0000-01-01'],
        ['to', '0000-12-31'],
        ['from', '1999-12-31'],
        ['to', '10000-01-01'],
        ['from', '2026-02-30'],
      ]) {
        const res = await get(`${route}?${field}=${value}`);
        assert.equal(res.statusCode, 422, `${route}?${field}=${value}: ${res.body}`);
        assert.equal(errorOf(res).errors?.[0]?.field, field, route);
      }
    }
  });

  it('when the range reaches 9999-12-31, then the reports answer 200', async () => {
    for (const route of ['/api/v1/orders', '/api/v1/admin/audit-log', '/api/v1/analytics/sales', '/api/v1/analytics/customers']) {
      const res = await get(`${route}?from=9999-12-01&to=9999-12-31`);
      assert.equal(res.statusCode, 200, `${route}: ${res.body}`);
    }
  });

  it('when an audit-log timestamp has an offset past ±14:00 or year 0, then 422; a real offset is 200', async () => {
    for (const value of ['2026-01-01T00:00:00+23:59', '2026-01-01T00:00:00-16:00', '2026-01-01T00:00:00+14:30', '0000-01-01T00:00:00Z']) {
      const res = await get(`/api/v1/admin/audit-log?from=${encodeURIComponent(value)}`);
      assert.equal(res.statusCode, 422, `${value}: ${res.body}`);
    }
    for (const value of ['2026-01-01T00:00:00+14:00', '2026-01-01T00:00:00-12:00', '2026-01-01T00:00:00.123Z']) {
      const res = await get(`/api/v1/admin/audit-log?to=${encodeURIComponent(value)}`);
      assert.equal(res.statusCode, 200, `${value}: ${res.body}`);
    }
  });

  it('when a cursor carries an impossible date (02-30) or year 0, then 422 on the cursor for every keyset list', async () => {
    const customer = await createUserAndSignIn(ctx);
    for (const when of ['2026-02-30T00:00:00.000Z', '0000-01-01T00:00:00.000Z', '2026-04-31T10:00:00.000Z']) {
      const urls = [
        `/api/v1/products?sort=newest&cursor=${cursor(['newest', when, ID])}`,
        `/api/v1/products/${productId}/reviews?sort=newest&cursor=${cursor(['newest', when, ID])}`,
        `/api/v1/reviews?sort=newest&cursor=${cursor(['newest', when, ID])}`,
        `/api/v1/users?cursor=${cursor([when, ID])}`,
        `/api/v1/orders?cursor=${cursor([when, ID])}`,
      ];
      for (const url of urls) {
        for (const who of url.startsWith('/api/v1/orders') ? [admin, customer] : [admin]) {
          const res = await get(url, who);
          assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
          assert.equal(errorOf(res).errors?.[0]?.field, 'cursor', url);
        }
      }
    }
  });

  it('when a cursor carries text PostgreSQL cannot store (NUL, a lone surrogate), then 422 on the cursor', async () => {
    for (const name of ['Mug\u0000', '\ud800Mug']) {
      for (const url of [
        `/api/v1/products?sort=name&cursor=${cursor(['name', name, ID])}`,
        `/api/v1/categories?cursor=${cursor([0, name, ID])}`,
      ]) {
        const res = await get(url, admin);
        assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
        assert.equal(errorOf(res).errors?.[0]?.field, 'cursor', url);
      }
    }
  });

  it('when a checkout would come to more than a 32-bit total, then 422 ORDER_TOO_LARGE and nothing is written', async () => {
    const dear = await makeProduct(ctx, admin, { priceCents: 100_000_000, stockQuantity: 5000 });
    const buyer = await createUserAndSignIn(ctx);
    const add = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: buyer.auth,
      payload: { productId: dear.id, quantity: 999 },
    });
    assert.equal(add.statusCode, 200, add.body);
    assert.equal(add.json().subtotalCents, 99_900_000_000);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: buyer.auth,
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
    assert.equal(res.statusCode, 422, res.body);
    assert.equal(errorOf(res).error, 'ORDER_TOO_LARGE');
    const cart = await ctx.app.inject({ method: 'GET', url: '/api/v1/cart', headers: buyer.auth });
    assert.equal(cart.json().items.length, 1, 'the cart is kept');
    const stock = await get(`/api/v1/products/${dear.id}`);
    assert.equal(stock.json().product.stockQuantity, 5000, 'no stock was taken');
    // Just under the bound still goes through.
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/cart/items/${dear.id}`, headers: buyer.auth, payload: { quantity: 21 } });
    const placed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: buyer.auth,
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    assert.equal(placed.json().order.totalCents, 2_100_000_000);
  });

  it('when an image PATCH sends {}, then 422 (not a 500)', async () => {
    const res = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/products/${productId}/images/${ID}`,
      headers: admin.auth,
      payload: {},
    });
    assert.equal(res.statusCode, 422, res.body);
    errorOf(res);
  });

  it('when a product PATCH sends {}, then 200 with the product unchanged, and nothing is written or announced', async () => {
    const before = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from domain_events where subject_id = ${productId}`),
    );
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${productId}`, headers: admin.auth, payload: {} });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().product.id, productId);
    const after = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from domain_events where subject_id = ${productId}`),
    );
    assert.deepEqual(after, before);
  });

  it('when a category, a user or a profile PATCH sends {}, then 200 with nothing changed', async () => {
    const made = await makeCategory(ctx, admin);
    const stamp = async () =>
      rowsOf<{ at: string }>(await ctx.db.execute(sql`select updated_at::text as at from categories where id = ${made.id}`))[0]?.at;
    const before = await stamp();
    assert.ok(before);
    const customer = await createUserAndSignIn(ctx);
    for (const [url, who] of [
      [`/api/v1/categories/${made.id}`, admin],
      [`/api/v1/users/${customer.id}`, admin],
      ['/api/v1/users/me', customer],
    ] as const) {
      const res = await ctx.app.inject({ method: 'PATCH', url, headers: who.auth, payload: {} });
      assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    }
    assert.equal(await stamp(), before);
  });

  it('when a multipart upload has no boundary or a broken body, then 400 in the error shape', async () => {
    const url = `/api/v1/products/${productId}/images`;
    const noBoundary = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...admin.auth, 'content-type': 'multipart/form-data' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--x--\r\n',
    });
    assert.equal(noBoundary.statusCode, 400, noBoundary.body);
    assert.equal(errorOf(noBoundary).error, 'BAD_REQUEST');
    const cutShort = await ctx.app.inject({
      method: 'POST',
      url,
      headers: { ...admin.auth, 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
    });
    assert.equal(cutShort.statusCode, 400, cutShort.body);
    errorOf(cutShort);
  });
});
