import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { products } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, type SignedIn, startSecondInstance, startTestApp, type TestContext } from '../helpers/test-app.js';

const price = async (app: FastifyInstance, id: string, headers: Record<string, string> = {}) =>
  (await app.inject({ method: 'GET', url: `/api/v1/products/${id}`, headers })).json().product.priceCents;

describe('catalog response cache', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  it('when a product is read twice anonymously, then the second answer comes from memory', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000 });
    assert.equal(await price(ctx.app, p.id), 1000);
    // Behind the API's back: the cache does not know, so it still answers 1000.
    await ctx.db.update(products).set({ priceCents: 1111 }).where(eq(products.id, p.id));
    assert.equal(await price(ctx.app, p.id), 1000);
    // Signed-in callers are never served from the cache.
    assert.equal(await price(ctx.app, p.id, admin.auth), 1111);
  });

  it('when a product, category, review, stock or image changes through the API, then the next read is fresh', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000, stockQuantity: 5 });
    const list = async () => (await ctx.app.inject({ method: 'GET', url: '/api/v1/products?sort=newest&limit=5' })).json().items;
    assert.equal((await list())[0].priceCents, 1000);
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${p.id}`, headers: admin.auth, payload: { priceCents: 2000 } });
    assert.equal(await price(ctx.app, p.id), 2000);
    assert.equal((await list())[0].priceCents, 2000);

    const buyer = await createUserAndSignIn(ctx);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: buyer.auth, payload: { productId: p.id, quantity: 2 } });
    const stockBefore = (await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}` })).json().product.stockQuantity;
    const order = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: buyer.auth,
      payload: { shippingAddress: { fullName: 'B', line1: '1 St', city: 'C', postalCode: '1', country: 'US' } },
    });
    assert.equal(order.statusCode, 201);
    const stockAfter = (await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}` })).json().product.stockQuantity;
    assert.deepEqual([stockBefore, stockAfter], [5, 3]);

    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/products/${p.id}/reviews`,
      headers: buyer.auth,
      payload: { rating: 5, title: 'Yes' },
    });
    assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${p.id}` })).json().product.ratingCount, 1);
  });
});

describe('catalog cache off', () => {
  it('when CATALOG_CACHE=off, then every read goes to the database', async () => {
    const ctx = await startTestApp({ CATALOG_CACHE: 'off' });
    try {
      const admin = await createUserAndSignIn(ctx, { role: 'admin' });
      const p = await makeProduct(ctx, admin, { priceCents: 1000 });
      assert.equal(await price(ctx.app, p.id), 1000);
      await ctx.db.update(products).set({ priceCents: 1234 }).where(eq(products.id, p.id));
      assert.equal(await price(ctx.app, p.id), 1234);
    } finally {
      await ctx.close();
    }
  });
});

// Two processes sharing one database only exist on PostgreSQL.
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('catalog cache across two API instances', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)' }, () => {
  let ctx: TestContext;
  let other: FastifyInstance;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    other = await startSecondInstance(ctx);
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(async () => {
    await other?.close();
    await ctx?.close();
  });

  /** Changes the price on the first instance; resolves when the write is acknowledged. */
  const setPrice = async (id: string, priceCents: number) => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: admin.auth, payload: { priceCents } });
    assert.equal(res.statusCode, 200);
  };

  it('when one instance writes, then the other never serves the old product once the write is acknowledged', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000 });
    for (let round = 1; round <= 20; round++) {
      assert.equal(await price(other, p.id), 1000 + round - 1, `round ${round}: warm the other instance's cache`);
      await setPrice(p.id, 1000 + round);
      assert.equal(await price(other, p.id), 1000 + round, `round ${round}: stale after the write was acknowledged`);
    }
  });

  it('when 20 writes land at once (their broadcasts are shared), then each is fresh on the other instance once acknowledged', async () => {
    const items = await Promise.all(Array.from({ length: 20 }, () => makeProduct(ctx, admin, { priceCents: 500 })));
    for (const p of items) assert.equal(await price(other, p.id), 500);
    await Promise.all(
      items.map(async (p, i) => {
        await setPrice(p.id, 600 + i);
        assert.equal(await price(other, p.id), 600 + i, `product ${i}: stale after the write was acknowledged`);
      }),
    );
  });
});
