import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../../api/src/db/schema/index.js';
import { hashPassword } from '../../api/src/modules/auth/password.js';
import { insertUserUnlessEmailTaken } from '../../api/src/modules/users/users.repository.js';
import { GOOD_PASSWORD, startTestApp, type TestContext, uniqueEmail } from '../../api/test/helpers/test-app.js';
import { buildWeb, freePort, startWeb, stopProcess } from './support/shop.js';

/** The shopper's machine: a loopback address of its own, so the API can tell it from the web server (127.0.0.1). */
const SHOPPER = '127.0.0.5';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
}

/** A request to the web server from SHOPPER, with whatever X-Forwarded-For the shopper cares to write. */
function send(url: string, options: { method?: string; body?: unknown; forwardedFor?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = request(
      url,
      {
        method: options.method ?? 'GET',
        localAddress: SHOPPER,
        headers: {
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(options.forwardedFor ? { 'x-forwarded-for': options.forwardedFor } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('client addresses through the web server', { timeout: 600_000 }, () => {
  let api: TestContext;
  let web: ChildProcess;
  let webUrl: string;

  before(async () => {
    buildWeb();
    // As `npm start` runs it: the web server on this host is the one trusted proxy.
    api = await startTestApp({ TRUST_PROXY: '127.0.0.1', RATE_LIMIT_LOGIN_PER_MINUTE: '3', RATE_LIMIT_PER_MINUTE: '1000' });
    const apiUrl = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const port = await freePort();
    webUrl = `http://127.0.0.1:${port}`;
    web = await startWeb(apiUrl, port, webUrl);
  });
  after(async () => {
    if (web) await stopProcess(web);
    await api?.close();
  });

  const login = (email: string, password: string, forgedAddress: string) =>
    send(`${webUrl}/api/v1/auth/login`, { method: 'POST', body: { email, password }, forwardedFor: forgedAddress });

  test('when a shopper forges X-Forwarded-For, then the API records and limits the address it connected from', async () => {
    const email = uniqueEmail('shopper');
    await insertUserUnlessEmailTaken(api.db, { email, fullName: 'S', passwordHash: await hashPassword(GOOD_PASSWORD), isVerified: true });

    assert.equal((await login(email, GOOD_PASSWORD, '203.0.113.50')).status, 200);
    const [session] = await api.db
      .select({ ip: sessions.ipAddress })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(eq(users.email, email));
    assert.ok(session?.ip?.endsWith(SHOPPER), `the session recorded ${session?.ip}`);

    // A new forged address per attempt buys nothing: the shopper's third attempt was its last.
    assert.equal((await login(uniqueEmail(), 'wrong password', '203.0.113.51')).status, 401);
    assert.equal((await login(uniqueEmail(), 'wrong password', '203.0.113.52')).status, 401);
    assert.equal((await login(uniqueEmail(), 'wrong password', '203.0.113.53')).status, 429);
  });

  test('when the web server renders a page, then its reads count against the shopper, not the web server', async () => {
    const remaining = async () =>
      Number((await send(`${webUrl}/api/v1/store`, { forwardedFor: '198.51.100.1' })).headers['ratelimit-remaining']);
    const before = await remaining();
    assert.equal((await send(`${webUrl}/`)).status, 200);
    const afterPage = await remaining();
    // One for the second /store read itself, at least one more for the page's own reads.
    assert.ok(before - afterPage >= 2, `remaining went from ${before} to ${afterPage}`);
  });
});
