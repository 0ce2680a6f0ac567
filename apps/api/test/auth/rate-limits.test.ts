import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUserAndSignIn, errorOf, GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

describe('rate limits on sign-in and mailed links', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '5' });
  });
  after(() => ctx.close());

  const login = (email: string, password: string, remoteAddress: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress });

  it('when one client makes a sixth attempt in a minute, then 429 with Retry-After, even for other accounts', async () => {
    const ip = '10.1.0.1';
    for (let i = 0; i < 5; i++) assert.equal((await login(uniqueEmail('a'), 'wrong password', ip)).statusCode, 401);
    const limited = await login(uniqueEmail('b'), 'wrong password', ip);
    assert.equal(limited.statusCode, 429);
    assert.equal(errorOf(limited).error, 'RATE_LIMITED');
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
  });

  it('when one account is tried from many addresses, then the sixth attempt is 429, and the right password does not get through', async () => {
    const user = await createUserAndSignIn(ctx, { email: uniqueEmail('target') });
    for (let i = 0; i < 4; i++) assert.equal((await login(user.email, 'guess', `10.2.0.${i}`)).statusCode, 401);
    const limited = await login(user.email, GOOD_PASSWORD, '10.2.0.99');
    assert.equal(limited.statusCode, 429);
  });

  it('when X-Forwarded-For is sent without TRUST_PROXY, then it is ignored for limits', async () => {
    const ip = '10.3.0.1';
    for (let i = 0; i < 5; i++) {
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: uniqueEmail(), password: 'x'.repeat(8) },
        remoteAddress: ip,
        headers: { 'x-forwarded-for': `192.0.2.${i}` },
      });
    }
    assert.equal((await login(uniqueEmail(), 'whatever1', ip)).statusCode, 429);
  });

  it('when forgot-password and resend-verification are hammered, then 429', async () => {
    for (const url of ['/api/v1/auth/forgot-password', '/api/v1/auth/resend-verification']) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await ctx.app.inject({
          method: 'POST',
          url,
          payload: { email: uniqueEmail() },
          remoteAddress: url.length > 30 ? '10.4.0.1' : '10.4.0.2',
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [202, 202, 202, 202, 202, 429], url);
    }
  });
});

describe('rate limits behind a trusted proxy', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '2', TRUST_PROXY: 'true' });
  });
  after(() => ctx.close());

  it('when TRUST_PROXY is set, then each forwarded client has its own budget', async () => {
    const attempt = (client: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: uniqueEmail(), password: 'wrong one' },
        headers: { 'x-forwarded-for': client },
      });
    assert.equal((await attempt('198.51.100.1')).statusCode, 401);
    assert.equal((await attempt('198.51.100.1')).statusCode, 401);
    assert.equal((await attempt('198.51.100.1')).statusCode, 429);
    assert.equal((await attempt('198.51.100.2')).statusCode, 401);
  });
});
