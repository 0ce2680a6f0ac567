import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../src/app.js';
import { makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { freePort, startRedis } from '../helpers/redis-server.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

/** No request may wait on a dead Redis longer than this (the Redis command budget is 250 ms; the rest is the request's own work, password hashing included, on a busy machine). */
const LATENCY_BOUND_MS = 2000;

describe('with Redis configured and then down', { timeout: 120_000 }, () => {
  let redis: ChildProcess;
  let ctx: TestContext;
  let other: FastifyInstance;
  let admin: SignedIn;
  let customer: SignedIn;
  let loggedOut: SignedIn;
  let product: { id: string; slug: string };

  before(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    ctx = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_LOGIN_PER_MINUTE: '8' });
    // A second instance on the same database and Redis, as behind a load balancer.
    other = await buildApp({ config: { ...ctx.config, jwt: { ...ctx.config.jwt } }, database: ctx.testDatabase.database });
    await other.ready();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    customer = await createUserAndSignIn(ctx);
    loggedOut = await createUserAndSignIn(ctx);
    product = await makeProduct(ctx, admin, { priceCents: 1000, stockQuantity: 50 });
    assert.equal((await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: loggedOut.auth })).statusCode, 204);
    // The other instance has the product page cached while Redis is up.
    for (let i = 0; i < 2; i++) await other.inject({ method: 'GET', url: `/api/v1/products/${product.id}` });

    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
    await sleep(300);
  });
  after(async () => {
    if (redis.exitCode === null) redis.kill('SIGKILL');
    await other?.close();
    await ctx?.close();
  });

  async function timed(app: FastifyInstance, options: InjectOptions) {
    const started = performance.now();
    const res = await app.inject(options);
    const ms = performance.now() - started;
    assert.ok(ms < LATENCY_BOUND_MS, `${options.method} ${options.url} took ${Math.round(ms)} ms`);
    return res;
  }

  it('then the catalog, a sign-in, the cart and checkout work within the latency bound', async () => {
    assert.equal((await timed(ctx.app, { method: 'GET', url: '/api/v1/products' })).statusCode, 200);
    assert.equal((await timed(ctx.app, { method: 'GET', url: `/api/v1/products/${product.id}` })).statusCode, 200);
    const login = await timed(ctx.app, {
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: customer.email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 200, login.body);
    const auth = { authorization: `Bearer ${login.json().accessToken}` };
    const added = await timed(ctx.app, {
      method: 'POST',
      url: '/api/v1/cart/items',
      headers: auth,
      payload: { productId: product.id, quantity: 2 },
    });
    assert.equal(added.statusCode, 200, added.body);
    const placed = await timed(ctx.app, {
      method: 'POST',
      url: '/api/v1/orders',
      headers: { ...auth, 'idempotency-key': 'redis-outage-1' },
      payload: { shippingAddress: SHIPPING_ADDRESS },
    });
    assert.equal(placed.statusCode, 201, placed.body);
    const ready = await timed(ctx.app, { method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().checks.redis, 'down');
  });

  it('then a token revoked at logout is still refused on every instance, and signing out works', async () => {
    for (const app of [ctx.app, other]) {
      const res = await timed(app, { method: 'GET', url: '/api/v1/auth/me', headers: loggedOut.auth });
      assert.equal(res.statusCode, 401, res.body);
    }
    const out = await timed(ctx.app, { method: 'POST', url: '/api/v1/auth/logout', headers: customer.auth });
    assert.equal(out.statusCode, 204, out.body);
    const after = await timed(other, { method: 'GET', url: '/api/v1/auth/me', headers: customer.auth });
    assert.equal(after.statusCode, 401);
  });

  it('then a catalog change on one instance is not hidden by the other’s cache', async () => {
    const changed = await timed(ctx.app, {
      method: 'PATCH',
      url: `/api/v1/products/${product.id}`,
      headers: admin.auth,
      payload: { priceCents: 1500 },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    const seen = await timed(other, { method: 'GET', url: `/api/v1/products/${product.id}` });
    assert.equal(seen.json().product.priceCents, 1500);
  });

  it('then login attempts are still limited, per instance', async () => {
    const email = uniqueEmail('limited');
    let limited = false;
    for (let attempt = 0; attempt < 10 && !limited; attempt++) {
      const res = await timed(ctx.app, { method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'wrong password here' } });
      limited = res.statusCode === 429;
    }
    assert.ok(limited, 'no 429 within the limit of 8 per minute');
  });
});
