import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { hashPassword } from '../../src/modules/auth/password.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { createUserAndSignIn, errorOf, GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

describe('rate limits on sign-in and mailed links', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ RATE_LIMIT_LOGIN_PER_MINUTE: '5' });
  });
  after(() => ctx.close());

  async function createUser(label: string): Promise<string> {
    const email = uniqueEmail(label);
    await insertUserUnlessEmailTaken(ctx.db, { email, fullName: 'T', passwordHash: await hashPassword(GOOD_PASSWORD), isVerified: true });
    return email;
  }

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

  it("when one account is tried from many addresses, then a stranger's sixth attempt is 429, and the right password does not get through", async () => {
    const user = await createUserAndSignIn(ctx, { email: uniqueEmail('target') });
    for (let i = 0; i < 4; i++) assert.equal((await login(user.email, 'guess', `10.2.0.${i}`)).statusCode, 401);
    const limited = await login(user.email, GOOD_PASSWORD, '10.2.0.99');
    assert.equal(limited.statusCode, 429);
  });

  it("when guesses from elsewhere use up an account's budget, then its owner still signs in from a network it signed in from before", async () => {
    const email = await createUser('owner');
    assert.equal((await login(email, GOOD_PASSWORD, '10.5.1.1')).statusCode, 200);
    for (let i = 0; i < 4; i++) assert.equal((await login(email, 'guess', `10.5.0.${i}`)).statusCode, 401);
    assert.equal((await login(email, GOOD_PASSWORD, '10.5.0.99')).statusCode, 429);
    assert.equal((await login(email, GOOD_PASSWORD, '10.5.1.1')).statusCode, 200);
    // Being known does not lift the client's own budget.
    for (let i = 0; i < 3; i++) await login(email, 'guess', '10.5.1.1');
    assert.equal((await login(email, GOOD_PASSWORD, '10.5.1.1')).statusCode, 429);
  });

  it('when a customer signed in from one IPv6 address, then the rest of its /64 counts as known', async () => {
    const email = await createUser('v6');
    assert.equal((await login(email, GOOD_PASSWORD, '2001:db8:7:7::1')).statusCode, 200);
    for (let i = 0; i < 4; i++) assert.equal((await login(email, 'guess', `10.6.0.${i}`)).statusCode, 401);
    assert.equal((await login(email, GOOD_PASSWORD, '2001:db8:7:8::1')).statusCode, 429);
    assert.equal((await login(email, GOOD_PASSWORD, '2001:db8:7:7:abcd::2')).statusCode, 200);
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

  it('when register, reset-password and change-password are hammered from one client, then the sixth is 429', async () => {
    const user = await createUserAndSignIn(ctx, { email: uniqueEmail('changer') });
    const attempts = [
      { url: '/api/v1/auth/register', payload: () => ({ email: uniqueEmail('reg'), password: GOOD_PASSWORD, fullName: 'R' }), ok: 202 },
      {
        url: '/api/v1/auth/reset-password',
        payload: () => ({ token: randomBytes(32).toString('base64url'), password: GOOD_PASSWORD }),
        ok: 400,
      },
      { url: '/api/v1/auth/change-password', payload: () => ({ currentPassword: 'not it at all', newPassword: GOOD_PASSWORD }), ok: 422 },
    ];
    for (const [n, attempt] of attempts.entries()) {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: attempt.url,
          payload: attempt.payload(),
          headers: user.auth,
          remoteAddress: `10.7.0.${n}`,
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [...Array(5).fill(attempt.ok), 429], attempt.url);
    }
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

  it('when the client writes its own X-Forwarded-For, then the address the proxy appended is the one counted', async () => {
    const attempt = (forged: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: uniqueEmail(), password: 'wrong one' },
        headers: { 'x-forwarded-for': `${forged}, 198.51.100.9` },
      });
    assert.equal((await attempt('203.0.113.1')).statusCode, 401);
    assert.equal((await attempt('203.0.113.2')).statusCode, 401);
    assert.equal((await attempt('203.0.113.3')).statusCode, 429);
  });

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
