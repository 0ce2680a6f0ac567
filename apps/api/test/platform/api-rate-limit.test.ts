import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { freePort, redisServerMissing, startRedis } from '../helpers/redis-server.js';
import { errorOf, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('general per-client rate limit', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  after(() => ctx.close());

  const get = (url: string, remoteAddress: string) => ctx.app.inject({ method: 'GET', url, remoteAddress });

  it('when a client sends more than RATE_LIMIT_PER_MINUTE requests in a minute, then 429 with Retry-After and RateLimit headers', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await get('/api/v1/store', '10.9.0.1');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['ratelimit-limit'], '5');
      assert.equal(res.headers['ratelimit-policy'], '5;w=60');
      const reset = Number(res.headers['ratelimit-reset']);
      assert.ok(reset >= 1 && reset <= 60, String(reset));
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['4', '3', '2', '1', '0']);
    const limited = await get('/api/v1/store', '10.9.0.1');
    assert.equal(limited.statusCode, 429);
    assert.equal(errorOf(limited).error, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
    assert.equal(limited.headers['ratelimit-remaining'], '0');
    // Every route counts, not only the one that was hammered.
    assert.equal((await get('/api/v1/products/00000000-0000-0000-0000-000000000000', '10.9.0.1')).statusCode, 429);
    assert.equal((await get('/api/v1/store', '10.9.0.2')).statusCode, 200);
  });

  it('when an IPv6 client moves around its /64, then every address shares one budget, and the next /64 has its own', async () => {
    for (let i = 1; i <= 5; i++) assert.equal((await get('/api/v1/store', `2001:db8:1:2::${i}`)).statusCode, 200);
    assert.equal((await get('/api/v1/store', '2001:db8:1:2:ffff:ffff:ffff:ffff')).statusCode, 429);
    assert.equal((await get('/api/v1/store', '2001:db8:1:3::1')).statusCode, 200);
  });

  it('when an IPv4 client arrives as an IPv4-mapped IPv6 address, then it shares the IPv4 budget', async () => {
    for (let i = 0; i < 5; i++) assert.equal((await get('/api/v1/store', '10.9.0.3')).statusCode, 200);
    assert.equal((await get('/api/v1/store', '::ffff:10.9.0.3')).statusCode, 429);
  });

  it('when anonymous catalog reads are answered from the cache, then they are not counted', async () => {
    const ip = '10.9.0.4';
    const first = await get('/api/v1/categories', ip);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['ratelimit-remaining'], '4');
    for (let i = 0; i < 10; i++) {
      const hit = await get('/api/v1/categories', ip);
      assert.equal(hit.statusCode, 200);
      assert.equal(hit.headers['ratelimit-remaining'], undefined);
    }
    assert.equal((await get('/api/v1/store', ip)).headers['ratelimit-remaining'], '3');
  });

  it("when the cache front replays a stored response, then it carries no other client's RateLimit headers", async () => {
    const base = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${base}/api/v1/categories?format=tree`;
    const miss = await fetch(url);
    assert.equal(miss.status, 200);
    assert.ok(miss.headers.get('ratelimit-limit'));
    const hit = await fetch(url);
    assert.equal(hit.status, 200);
    assert.equal(hit.headers.get('ratelimit-limit'), null);
    assert.equal(hit.headers.get('ratelimit-remaining'), null);
  });

  it('when a health probe polls, then it is not counted', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await get('/health', '10.9.0.5')).statusCode, 200);
    assert.equal((await get('/api/v1/store', '10.9.0.5')).headers['ratelimit-remaining'], '4');
  });
});

describe('the per-client limit with Redis, across API instances', { skip: redisServerMissing(), timeout: 60_000 }, () => {
  let redis: ChildProcess;
  let ctx: TestContext;
  let other: FastifyInstance;
  before(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    ctx = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}`, RATE_LIMIT_PER_MINUTE: '6' });
    // A second instance on the same database and Redis, as behind a load balancer.
    other = await buildApp({ config: ctx.config, database: ctx.testDatabase.database });
    await other.ready();
  });
  after(async () => {
    await other?.close();
    await ctx?.close();
    redis?.kill('SIGKILL');
  });

  it('when a client spreads its requests over two instances, then both count against one budget', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 6; i++) {
      const app = i % 2 === 0 ? ctx.app : other;
      const res = await app.inject({ method: 'GET', url: '/api/v1/store', remoteAddress: '10.9.1.1' });
      assert.equal(res.statusCode, 200);
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    assert.deepEqual(remaining, ['5', '4', '3', '2', '1', '0']);
    for (const app of [ctx.app, other]) {
      const limited = await app.inject({ method: 'GET', url: '/api/v1/store', remoteAddress: '10.9.1.1' });
      assert.equal(limited.statusCode, 429);
      assert.equal(errorOf(limited).error, 'RATE_LIMITED');
    }
    // Another client still has its whole budget on either instance.
    const fresh = await other.inject({ method: 'GET', url: '/api/v1/store', remoteAddress: '10.9.1.2' });
    assert.equal(fresh.headers['ratelimit-remaining'], '5');
  });
});
