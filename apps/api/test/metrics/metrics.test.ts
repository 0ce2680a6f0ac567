import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { metricFamilies, sampleValue } from '../helpers/prometheus-text.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

describe('metrics at /metrics on the API port (METRICS_TOKEN)', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp({ METRICS_TOKEN: TOKEN });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  const scrape = async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return res.body;
  };
  const addToCart = (who: SignedIn, productId: string, quantity: number) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: who.auth, payload: { productId, quantity } });
  const placeOrder = (who: SignedIn, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...who.auth, ...headers },
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });

  it('when the token is missing or wrong, then 401 in the error envelope', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }, { authorization: TOKEN }]) {
      const res = await ctx.app.inject({ method: 'GET', url: '/metrics', headers });
      assert.equal(res.statusCode, 401);
      assert.equal(errorOf(res).error, 'UNAUTHENTICATED');
    }
  });

  it('when an order is placed, replayed and then out of stock, then the counters and the route histogram say so', async () => {
    const product = await makeProduct(ctx, admin, { stockQuantity: 1 });
    const first = await createUserAndSignIn(ctx);
    const second = await createUserAndSignIn(ctx);
    assert.equal((await addToCart(first, product.id, 1)).statusCode, 200);
    assert.equal((await addToCart(second, product.id, 1)).statusCode, 200);
    const key = { 'idempotency-key': `metrics-${Date.now()}` };
    const placed = await placeOrder(first, key);
    assert.equal(placed.statusCode, 201, placed.body);
    const replayed = await placeOrder(first, key);
    assert.equal(replayed.statusCode, 201);
    assert.equal(replayed.json().order.id, placed.json().order.id);
    const soldOut = await placeOrder(second);
    assert.equal(soldOut.statusCode, 409);
    assert.equal(errorOf(soldOut).error, 'OUT_OF_STOCK');

    const text = await scrape();
    assert.equal(sampleValue(text, 'emporium_orders_placed_total'), 1);
    assert.equal(sampleValue(text, 'emporium_checkout_conflicts_total', { reason: 'out_of_stock' }), 1);
    assert.equal(sampleValue(text, 'emporium_checkout_conflicts_total', { reason: 'idempotent_replay' }), 1);
    const count = (status: string) =>
      sampleValue(text, 'emporium_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/orders', status_code: status });
    assert.equal(count('201'), 2);
    assert.equal(count('409'), 1);
    // Labelled by the template, never by the raw URL.
    assert.ok(!/route="\/api\/v1\/products\/[0-9a-f-]{36}/.test(text));
    assert.ok((sampleValue(text, 'emporium_db_query_duration_seconds_count') ?? 0) > 0);
    assert.ok((sampleValue(text, 'emporium_db_pool_connections') ?? 0) >= 1);
    assert.ok(sampleValue(text, 'emporium_mail_outbox_backlog') !== undefined);
    assert.ok(sampleValue(text, 'emporium_nodejs_eventloop_lag_seconds') !== undefined);
    assert.ok(sampleValue(text, 'emporium_process_resident_memory_bytes') !== undefined);
  });

  it('when a product page is read twice and a route is unknown, then a miss, a hit and an unmatched 404 are counted', async () => {
    const product = await makeProduct(ctx, admin);
    const before = await scrape();
    const hits = sampleValue(before, 'emporium_catalog_cache_hits_total') ?? 0;
    const misses = sampleValue(before, 'emporium_catalog_cache_misses_total') ?? 0;
    for (let i = 0; i < 2; i++) {
      assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1/products/${product.id}` })).statusCode, 200);
    }
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/no-such-thing/123' })).statusCode, 404);
    const text = await scrape();
    assert.equal(sampleValue(text, 'emporium_catalog_cache_hits_total'), hits + 1);
    assert.equal(sampleValue(text, 'emporium_catalog_cache_misses_total'), misses + 1);
    assert.equal(
      sampleValue(text, 'emporium_http_request_duration_seconds_count', { route: '/api/v1/products/:id', status_code: '200' }),
      2,
    );
    assert.equal(sampleValue(text, 'emporium_http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' }), 1);
    // The scrape itself, and nothing left over from the 404 or the cached answers.
    assert.equal(sampleValue(text, 'emporium_http_requests_in_flight'), 1);
    assert.equal(metricFamilies(text).get('emporium_http_requests_in_flight'), 'gauge');
  });
});

describe('metrics on their own listener (METRICS_PORT)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ METRICS_PORT: '0', RATE_LIMIT_LOGIN_PER_MINUTE: '2' });
  });
  after(() => ctx.close());

  const metricsUrl = () => {
    const address = ctx.app.metricsListener?.address() as AddressInfo | null | undefined;
    assert.ok(address, 'no metrics listener');
    assert.equal(address.address, '127.0.0.1');
    return `http://127.0.0.1:${address.port}/metrics`;
  };

  it('when METRICS_PORT is set without a token, then /metrics is served there and not on the API port', async () => {
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
    const res = await fetch(metricsUrl());
    assert.equal(res.status, 200);
    assert.match(await res.text(), /^# TYPE emporium_orders_placed_total counter$/m);
    assert.equal((await fetch(metricsUrl().replace('/metrics', '/other'))).status, 404);
  });

  it('when sign-ins fail and then hit the limit, then login failures and rate-limit refusals are counted by reason and limiter', async () => {
    const me = await createUserAndSignIn(ctx);
    const login = () =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: me.email, password: 'not the password at all' } });
    assert.equal((await login()).statusCode, 401);
    const refused = await login();
    assert.equal(refused.statusCode, 429, refused.body);
    const text = await (await fetch(metricsUrl())).text();
    assert.equal(sampleValue(text, 'emporium_login_failures_total', { reason: 'wrong_password' }), 1);
    assert.equal(sampleValue(text, 'emporium_rate_limit_refusals_total', { limiter: 'login' }), 1);
    // The listener's own scrapes are not Fastify requests; the refused ones were taken off.
    assert.equal(sampleValue(text, 'emporium_http_requests_in_flight'), 0);
  });
});

describe('metrics when not configured', () => {
  it('when neither METRICS_PORT nor METRICS_TOKEN is set, then nothing serves metrics', async () => {
    const ctx = await startTestApp();
    try {
      assert.equal(ctx.app.metricsListener, undefined);
      const res = await ctx.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(res.statusCode, 404);
    } finally {
      await ctx.close();
    }
  });
});

describe('metrics listener with METRICS_TOKEN too', () => {
  it('when both are set, then the listener also asks for the token', async () => {
    const ctx = await startTestApp({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    try {
      const address = ctx.app.metricsListener?.address() as AddressInfo | undefined;
      assert.ok(address);
      const url = `http://127.0.0.1:${address.port}/metrics`;
      const refused = await fetch(url);
      assert.equal(refused.status, 401);
      const body = (await refused.json()) as Record<string, unknown>;
      assert.equal(body.error, 'UNAUTHENTICATED');
      for (const key of ['detail', 'status', 'path', 'timestamp', 'requestId']) assert.ok(key in body, key);
      assert.equal((await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200);
    } finally {
      await ctx.close();
    }
  });
});
