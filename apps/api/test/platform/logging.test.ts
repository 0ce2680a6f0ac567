import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'j'.repeat(40),
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      REFRESH_REUSE_GRACE_SECONDS: '0',
    });
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
    const failures = lines.filter((l) => (l.security as { event?: string } | undefined)?.event === 'security.login_failed');
    assert.ok(!JSON.stringify(failures).includes(email), 'a failed sign-in does not log the address in clear');
    assert.match((failed?.security as { account?: string } | undefined)?.account ?? '', /^l…@example\.com#[0-9a-f]{8}$/);
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

  it('when a production API without SMTP writes verification and reset mail to files, then no link or token reaches the log', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'emporium-mail-log-'));
    const prodDb = await createTestDatabase();
    const prodLines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        prodLines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      JWT_SECRET: 'p'.repeat(40),
      DATA_DIR: dataDir,
      MAIL_POLL_INTERVAL_MS: '100',
      RATE_LIMIT_LOGIN_PER_MINUTE: '1000',
      ...(prodDb.url ? { DATABASE_URL: prodDb.url } : {}),
    });
    const prod = await buildApp({ config, database: prodDb.database, logStream });
    await prod.ready();
    try {
      const email = `prod-log-${Date.now()}@example.com`;
      await prod.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: GOOD_PASSWORD, fullName: 'Prod' } });
      await prod.inject({ method: 'POST', url: '/api/v1/auth/forgot-password', payload: { email } });
      const deadline = Date.now() + 15_000;
      const written = () => prodLines.filter((l) => l.includes('mail written to file')).length;
      while (written() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(written(), 2, 'both mails were written');
      const files = await readdir(join(dataDir, 'mail'));
      const tokens = await Promise.all(
        files.map(
          async (f) => /token=([A-Za-z0-9_-]+)/.exec((await readFile(join(dataDir, 'mail', f), 'utf8')).replace(/=\r?\n/g, ''))?.[1],
        ),
      );
      assert.equal(tokens.filter(Boolean).length, 2, 'the files hold the links');
      const text = prodLines.join('');
      assert.doesNotMatch(text, /\/(verify-email|reset-password)\?|token=/);
      for (const token of tokens) assert.ok(token && !text.includes(token), 'a token leaked into the log');
    } finally {
      await prod.close();
      await prodDb.drop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
