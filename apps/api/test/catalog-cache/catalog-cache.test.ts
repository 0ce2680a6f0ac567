import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { products } from '../../src/db/schema/index.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import {
  createUserAndSignIn,
  type SignedIn,
  startTestApp,
  startTwoInstances,
  type TestContext,
  type TwoInstances,
} from '../helpers/test-app.js';

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
      payload: { shippingAddress: SHIPPING_ADDRESS },
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

/** Listens on a free port and returns the base URL. */
async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** Header names and values, less the ones that differ between any two responses. */
function stableHeaders(res: Response): Record<string, string> {
  const headers = Object.fromEntries(res.headers);
  delete headers['x-request-id'];
  delete headers.date;
  // The miss was counted against its client's rate limit; a hit is not counted.
  for (const name of Object.keys(headers)) if (name.startsWith('ratelimit-')) delete headers[name];
  return headers;
}

describe('catalog cache front: hits answered over HTTP before Fastify', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let base: string;
  const lines: { reqId?: string; msg?: string; catalogCache?: string }[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  /** What the logs say about one request: Fastify logs 'incoming request' for all it handles. */
  const loggedAs = (reqId: string) =>
    lines.filter((l) => l.reqId === reqId).map((l) => `${l.msg}${l.catalogCache ? ` (${l.catalogCache})` : ''}`);

  before(async () => {
    ctx = await startTestApp({ LOG_LEVEL: 'info', TRUST_PROXY: 'true', CORS_ORIGINS: 'http://shop.test' }, { logStream });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    base = await listen(ctx.app);
  });
  after(() => ctx.close());

  it('when a product is read again, then the front answers with the same bytes and headers and its own request id', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000 });
    const url = `${base}/api/v1/products/${p.id}`;
    const first = await fetch(url, { headers: { 'x-request-id': 'front-miss' } });
    const firstBody = await first.text();
    const second = await fetch(url, { headers: { 'x-request-id': 'front-hit' } });
    assert.equal(second.status, 200);
    assert.equal(await second.text(), firstBody);
    assert.deepEqual(stableHeaders(second), stableHeaders(first));
    assert.equal(second.headers.get('x-request-id'), 'front-hit');
    assert.equal(second.headers.get('cache-control'), 'public, no-cache');
    assert.deepEqual(loggedAs('front-miss'), ['incoming request', 'request completed']);
    assert.deepEqual(loggedAs('front-hit'), ['request completed (hit)']);
    // A request without an id of its own gets a fresh one, as Fastify gives it.
    const ids = await Promise.all([fetch(url), fetch(url)].map(async (r) => (await r).headers.get('x-request-id')));
    assert.match(ids[0] ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(ids[0], ids[1]);
  });

  it('when the product changes through the API, then the front serves the new version at once', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000 });
    const read = async () =>
      ((await (await fetch(`${base}/api/v1/products/${p.id}`)).json()) as { product: { priceCents: number } }).product;
    assert.equal((await read()).priceCents, 1000);
    assert.equal((await read()).priceCents, 1000);
    const patched = await fetch(`${base}/api/v1/products/${p.id}`, {
      method: 'PATCH',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ priceCents: 1500 }),
    });
    assert.equal(patched.status, 200);
    assert.equal((await read()).priceCents, 1500);
  });

  it('when a hit arrived over TLS at a trusted proxy, then it carries HSTS; over plain HTTP it does not', async () => {
    const p = await makeProduct(ctx, admin);
    const url = `${base}/api/v1/products/${p.id}`;
    await fetch(url);
    const tls = await fetch(url, { headers: { 'x-forwarded-proto': 'https', 'x-request-id': 'front-tls' } });
    assert.equal(tls.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    assert.deepEqual(loggedAs('front-tls'), ['request completed (hit)']);
    assert.equal((await fetch(url)).headers.get('strict-transport-security'), null);
  });

  it('when a read is cross-origin, conditional or signed in, then Fastify answers it (CORS headers, 304, private)', async () => {
    const p = await makeProduct(ctx, admin);
    const url = `${base}/api/v1/products/${p.id}`;
    const etag = (await fetch(url)).headers.get('etag') ?? '';

    const cors = await fetch(url, { headers: { origin: 'http://shop.test', 'x-request-id': 'front-cors' } });
    assert.equal(cors.headers.get('access-control-allow-origin'), 'http://shop.test');
    assert.deepEqual(loggedAs('front-cors'), ['incoming request', 'request completed']);
    const foreign = await fetch(url, { headers: { origin: 'http://evil.test' } });
    assert.equal(foreign.headers.get('access-control-allow-origin'), null);

    const conditional = await fetch(url, { headers: { 'if-none-match': etag } });
    assert.equal(conditional.status, 304);

    const signedIn = await fetch(url, { headers: admin.auth });
    // An admin's view (costs, inactive products) is never stored; a customer's is private (cache-control.test.ts).
    assert.equal(signedIn.headers.get('cache-control'), 'no-store');
    assert.ok('costPerItemCents' in ((await signedIn.json()) as { product: object }).product);
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
  let instances: TwoInstances | undefined;
  before(async () => {
    instances = await startTwoInstances();
    ({ ctx, other, admin } = instances);
  });
  after(() => instances?.close());

  /** Changes the price on the first instance; resolves when the write is acknowledged. */
  const setPrice = async (id: string, priceCents: number) => {
    const res = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/products/${id}`, headers: admin.auth, payload: { priceCents } });
    assert.equal(res.statusCode, 200);
  };

  it('when one instance writes, then the other never serves the old product over HTTP once the write is acknowledged', async () => {
    const p = await makeProduct(ctx, admin, { priceCents: 1000 });
    // Over HTTP, so the other instance's hits come from its cache front.
    const otherBase = await listen(other);
    const read = async () =>
      ((await (await fetch(`${otherBase}/api/v1/products/${p.id}`)).json()) as { product: { priceCents: number } }).product.priceCents;
    for (let round = 1; round <= 20; round++) {
      assert.equal(await read(), 1000 + round - 1, `round ${round}: warm the other instance's cache`);
      assert.equal(await read(), 1000 + round - 1, `round ${round}: a hit`);
      await setPrice(p.id, 1000 + round);
      assert.equal(await read(), 1000 + round, `round ${round}: stale after the write was acknowledged`);
    }
  });

  it('when a browser revalidates at the other instance (behind a load balancer), then the ETags match and it gets 304', async () => {
    const p = await makeProduct(ctx, admin);
    for (const url of [`/api/v1/products/${p.id}`, '/api/v1/products?limit=5']) {
      const first = await ctx.app.inject({ method: 'GET', url });
      const etag = String(first.headers.etag);
      assert.match(etag, /^W\/"[0-9a-f]{16}"$/);
      assert.equal((await other.inject({ method: 'GET', url })).headers.etag, etag, url);
      const revalidated = await other.inject({ method: 'GET', url, headers: { 'if-none-match': etag } });
      assert.equal(revalidated.statusCode, 304, url);
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
