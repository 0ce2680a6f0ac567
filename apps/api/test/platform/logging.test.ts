import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { GOOD_PASSWORD, REFRESH_TOKEN_IN_BODY } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

describe('logs and security events', () => {
  let testDb: TestDatabase;
  const lines: Record<string, unknown>[] = [];
  let app: Awaited<ReturnType<typeof buildApp>>;

  before(async () => {
    testDb = await createTestDatabase();
    const logStream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', JWT_SECRET: 'j'.repeat(40), RATE_LIMIT_LOGIN_PER_MINUTE: '1000' });
    app = await buildApp({ config, database: testDb.database, logStream });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await testDb.drop();
  });

  it('when sign-in fails, tokens are refused or reused, or access is denied, then structured security events are logged', async () => {
    const email = `log-${Date.now()}@example.com`;
    await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: GOOD_PASSWORD, fullName: 'Logger' } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: 'definitely wrong' } });
    const headers = REFRESH_TOKEN_IN_BODY;
    const login = (
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers, payload: { email, password: GOOD_PASSWORD } })
    ).json();
    await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers, payload: { refreshToken: login.refreshToken } });
    await app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers, payload: { refreshToken: login.refreshToken } });
    const fresh = (await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } })).json();
    const denied = await app.inject({
      method: 'GET',
      url: '/api/v1/users/statistics',
      headers: { authorization: `Bearer ${fresh.accessToken}` },
    });
    assert.equal(denied.statusCode, 403);
    await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: 'Bearer forged.token.here' } });

    const events = lines.filter((l) => l.security).map((l) => (l.security as { event: string }).event);
    for (const event of [
      'security.login_failed',
      'security.refresh_token_reuse',
      'security.access_denied',
      'security.access_token_rejected',
    ]) {
      assert.ok(events.includes(event), `${event} not in ${events.join(', ')}`);
    }
    const failed = lines.find((l) => (l.security as { event?: string } | undefined)?.event === 'security.login_failed');
    assert.equal((failed?.security as { reason?: string } | undefined)?.reason, 'wrong_password');
    assert.ok(failed?.reqId, 'the request id is on the line');
  });

  it('then no password, token or cookie ever reaches the log, and every request line has its request id', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'nobody@example.com', password: 'secret-password-123' },
      headers: { cookie: 'emporium_refresh=cookie-secret-value', authorization: 'Bearer header-secret-value' },
    });
    const text = JSON.stringify(lines);
    for (const secret of ['secret-password-123', 'cookie-secret-value', 'header-secret-value', GOOD_PASSWORD]) {
      assert.ok(!text.includes(secret), `${secret} leaked into the log`);
    }
    const requestLines = lines.filter((l) => l.req || l.res);
    assert.ok(requestLines.length > 0);
    assert.ok(requestLines.every((l) => typeof l.reqId === 'string'));
  });
});
