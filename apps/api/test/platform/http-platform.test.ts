import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findUserByEmail } from '../../src/modules/users/users.repository.js';
import { errorOf, startTestApp, type TestContext } from '../helpers/test-app.js';

describe('HTTP platform', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ CORS_ORIGINS: 'http://shop.test,http://admin.test' });
  });
  after(() => ctx.close());

  it('when the body is not valid JSON, then 400 MALFORMED_JSON in the error shape', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": ',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(errorOf(res).error, 'MALFORMED_JSON');
    assert.match(res.headers['content-type'] as string, /application\/json/);
  });

  it('when a JSON body is empty, then 400 MALFORMED_JSON', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(errorOf(res).error, 'MALFORMED_JSON');
  });

  it('when the body is not JSON, then 415', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded']) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/register',
        headers: { 'content-type': type },
        payload: 'email=a',
      });
      assert.equal(res.statusCode, 415, type);
      assert.equal(errorOf(res).error, 'UNSUPPORTED_MEDIA_TYPE');
    }
  });

  it('when the JSON body is over 100 KB, then 413', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'a@example.com', password: 'x'.repeat(120), fullName: 'y'.repeat(110 * 1024) },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(errorOf(res).error, 'PAYLOAD_TOO_LARGE');
  });

  it('when the body breaks the schema, then 422 with one error per field, unknown fields included', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'not-an-email', password: 'short', fullName: 'A', role: 'admin', isVerified: true },
    });
    assert.equal(res.statusCode, 422);
    const body = errorOf(res);
    assert.equal(body.error, 'VALIDATION_FAILED');
    const fields = (body.errors ?? []).map((e) => e.field).sort();
    assert.deepEqual(fields, ['email', 'isVerified', 'password', 'role']);
  });

  it('when any text holds a NUL character or an unpaired surrogate (which PostgreSQL cannot store), then 422 naming the field, never a 500', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/v1/products?q=%00%27;drop', field: 'q' },
      { method: 'GET' as const, url: '/api/v1/products?category=mugs%00', field: 'category' },
      { method: 'GET' as const, url: '/api/v1/products/slug/blue%00mug', field: 'slug' },
      {
        method: 'POST' as const,
        url: '/api/v1/auth/register',
        payload: { email: 'nul@example.test', password: 'a fine long password', fullName: 'Nul\u0000Byte' },
        field: 'fullName',
      },
      {
        method: 'POST' as const,
        url: '/api/v1/auth/login',
        payload: { email: 'nul@example.test', password: 'pass\u0000word' },
        field: 'password',
      },
      // An unpaired surrogate is valid JSON but not text PostgreSQL can store.
      {
        method: 'POST' as const,
        url: '/api/v1/auth/register',
        headers: { 'content-type': 'application/json' },
        payload: '{"email":"lone@example.test","password":"a fine long password","fullName":"Lone \\ud800 surrogate"}',
        field: 'fullName',
      },
    ];
    for (const { field, ...request } of cases) {
      const res = await ctx.app.inject(request);
      assert.equal(res.statusCode, 422, `${request.url}: ${res.body}`);
      const body = errorOf(res);
      assert.equal(body.error, 'VALIDATION_FAILED');
      assert.deepEqual(
        body.errors?.map((e) => e.field),
        [field],
      );
    }
    // The same requests without them are answered as usual; paired surrogates (emoji) are text like any other.
    assert.equal((await ctx.app.inject({ method: 'GET', url: '/api/v1/products?q=mug' })).statusCode, 200);
    const emoji = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: { email: 'emoji@example.test', password: 'a fine long password', fullName: 'Smile 😀' },
    });
    assert.equal(emoji.statusCode, 202, emoji.body);
    assert.equal((await findUserByEmail(ctx.db, 'emoji@example.test'))?.fullName, 'Smile 😀');
  });

  it('when the route does not exist, then a JSON 404', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' });
    assert.equal(res.statusCode, 404);
    const body = errorOf(res);
    assert.equal(body.error, 'ROUTE_NOT_FOUND');
    assert.equal(res.json().path, '/api/v1/nothing-here');
  });

  it('when a client sends X-Request-Id, then it is echoed and used in the error body', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(res.headers['x-request-id'], 'trace-abc.123');
    assert.equal(res.json().requestId, 'trace-abc.123');
  });

  it('when X-Request-Id is unsafe, then a fresh id is generated instead', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health', headers: { 'x-request-id': 'evil\nid with spaces' } });
    assert.match(res.headers['x-request-id'] as string, /^[0-9a-f-]{36}$/);
  });

  it('then every response carries the security headers, and HSTS only over TLS', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/health' });
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['x-frame-options'], 'DENY');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['strict-transport-security'], undefined);
  });

  it('when the origin is allowlisted, then CORS allows it with credentials; unknown origins are never echoed', async () => {
    const ok = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'http://shop.test', 'access-control-request-method': 'POST' },
    });
    assert.equal(ok.headers['access-control-allow-origin'], 'http://shop.test');
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    const evil = await ctx.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/auth/login',
      headers: { origin: 'http://evil.test', 'access-control-request-method': 'POST' },
    });
    assert.notEqual(evil.headers['access-control-allow-origin'], 'http://evil.test');
    assert.notEqual(evil.headers['access-control-allow-origin'], '*');
  });

  it('when health is asked, then live and ready answer 200 without versions', async () => {
    const live = await ctx.app.inject({ method: 'GET', url: '/health' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().checks.database, 'up');
    assert.doesNotMatch(ready.body, /version|postgres|\d+\.\d+\.\d+/i);
    const prefixed = await ctx.app.inject({ method: 'GET', url: '/api/v1/health' });
    assert.equal(prefixed.statusCode, 200);
  });

  it('when the OpenAPI document is asked, then it is 3.1 and lists the auth and users routes', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of ['/api/v1/auth/login', '/api/v1/auth/refresh', '/api/v1/users', '/api/v1/users/{id}']) {
      assert.ok(doc.paths[path], `missing ${path}`);
    }
    const docs = await ctx.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.headers['content-type'] as string, /text\/html/);
  });
});

describe('HTTP platform when the database is down', () => {
  it('then /health stays 200 and /health/ready answers 503 in the error shape', async () => {
    const ctx = await startTestApp();
    try {
      await ctx.testDatabase.database.close();
      const live = await ctx.app.inject({ method: 'GET', url: '/health' });
      assert.equal(live.statusCode, 200);
      const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 503);
      assert.equal(errorOf(ready).error, 'NOT_READY');
      assert.equal(ready.json().checks.database, 'down');
    } finally {
      await ctx.app.close();
      await ctx.testDatabase.drop().catch(() => {});
      await ctx.mail.stop();
    }
  });
});

describe('HTTP platform when Redis is configured but down', () => {
  it('then /health/ready stays 200, degraded, naming redis', { timeout: 30_000 }, async () => {
    const ctx = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().status, 'degraded');
      assert.equal(ready.json().checks.redis, 'down');
      assert.equal(ready.json().checks.database, 'up');
    } finally {
      await ctx.close();
    }
  });
});

describe('HTTP platform when Kafka is configured but unreachable', () => {
  it('then /health/ready stays 200, degraded, naming kafka', { timeout: 30_000 }, async () => {
    const ctx = await startTestApp({ KAFKA_BROKERS: '127.0.0.1:1' });
    try {
      const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 200);
      assert.equal(ready.json().status, 'degraded');
      assert.equal(ready.json().checks.kafka, 'down');
    } finally {
      await ctx.close();
    }
  });
});
