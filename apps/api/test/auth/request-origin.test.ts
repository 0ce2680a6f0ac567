import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { sessions } from '../../src/db/schema/index.js';
import { createUserAndSignIn, errorOf, GOOD_PASSWORD, startTestApp, type TestContext } from '../helpers/test-app.js';

const SHOP = 'http://shop.test';

/** Browser-like headers of a request from `origin` with the given Sec-Fetch-Site (either may be left out). */
type Provenance = { origin?: string; site?: 'same-origin' | 'same-site' | 'cross-site' | 'none' };
function provenance({ origin, site }: Provenance): Record<string, string> {
  return { ...(origin ? { origin } : {}), ...(site ? { 'sec-fetch-site': site } : {}) };
}

/** Who may use the cookie (or post the login form), and who may not. */
const ALLOWED: Record<string, Provenance> = {
  'the shop (a CORS origin)': { origin: SHOP, site: 'same-site' },
  'the API itself': { origin: 'http://api.test', site: 'same-origin' },
  'same-origin without Origin': { site: 'same-origin' },
  'typed by the user (Sec-Fetch-Site: none)': { site: 'none' },
  'a non-browser client (neither header)': {},
};
const REFUSED: Record<string, Provenance> = {
  'another site': { origin: 'http://evil.test', site: 'cross-site' },
  'another site, Origin only': { origin: 'http://evil.test' },
  'a sibling subdomain': { origin: 'http://evil.shop.test', site: 'same-site' },
  'an opaque origin (Origin: null)': { origin: 'null', site: 'cross-site' },
  'cross-site without Origin': { site: 'cross-site' },
  'same-site without Origin': { site: 'same-site' },
  'the shop host on another scheme and port': { origin: 'https://shop.test:8443', site: 'cross-site' },
};

describe('cookie-authenticated requests and the login form check where they come from', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ CORS_ORIGINS: SHOP });
  });
  after(() => ctx.close());

  async function cookieOfNewSession(): Promise<{ cookie: string; sessionId: string }> {
    const { email } = await createUserAndSignIn(ctx);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    const cookie = /emporium_refresh=([^;]+)/.exec(String(res.headers['set-cookie']))?.[1];
    assert.ok(cookie);
    const [, payload] = res.json().accessToken.split('.');
    return { cookie, sessionId: JSON.parse(Buffer.from(payload, 'base64url').toString()).sid };
  }
  const withCookie = (url: string, cookie: string, from: Provenance) =>
    ctx.app.inject({ method: 'POST', url, headers: { host: 'api.test', ...provenance(from) }, cookies: { emporium_refresh: cookie } });
  const revokedAt = async (sessionId: string) =>
    (await ctx.db.select({ revokedAt: sessions.revokedAt }).from(sessions).where(eq(sessions.id, sessionId)))[0]?.revokedAt;

  it('when the refresh cookie comes from the shop, the API itself or a non-browser client, then it refreshes', async () => {
    for (const [name, from] of Object.entries(ALLOWED)) {
      const { cookie } = await cookieOfNewSession();
      const res = await withCookie('/api/v1/auth/refresh', cookie, from);
      assert.equal(res.statusCode, 200, `${name}: ${res.body}`);
    }
  });

  it('when the refresh cookie comes from another site, then 403 ORIGIN_NOT_ALLOWED and the token is not used up', async () => {
    for (const [name, from] of Object.entries(REFUSED)) {
      const { cookie } = await cookieOfNewSession();
      const res = await withCookie('/api/v1/auth/refresh', cookie, from);
      assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
      assert.equal(errorOf(res).error, 'ORIGIN_NOT_ALLOWED', name);
      assert.equal((await withCookie('/api/v1/auth/refresh', cookie, {})).statusCode, 200, name);
    }
  });

  it('when signing out with the cookie alone, then the session ends; from another site, 403 and it lives on', async () => {
    const refused = await cookieOfNewSession();
    const evil = await withCookie('/api/v1/auth/logout', refused.cookie, REFUSED['another site'] ?? {});
    assert.equal(evil.statusCode, 403);
    assert.equal(errorOf(evil).error, 'ORIGIN_NOT_ALLOWED');
    assert.equal(await revokedAt(refused.sessionId), null);

    const mine = await cookieOfNewSession();
    const out = await withCookie('/api/v1/auth/logout', mine.cookie, { origin: SHOP, site: 'same-site' });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /emporium_refresh=;/);
    assert.ok(await revokedAt(mine.sessionId));
    assert.equal((await withCookie('/api/v1/auth/refresh', mine.cookie, {})).statusCode, 401);
  });

  it('when the login form is posted from another site, then 403 and no session; from the shop or a non-browser client, it signs in', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const form = (from: Provenance) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { host: 'api.test', 'content-type': 'application/x-www-form-urlencoded', ...provenance(from) },
        payload: `username=${encodeURIComponent(email)}&password=${encodeURIComponent(GOOD_PASSWORD)}`,
      });
    for (const [name, from] of Object.entries(REFUSED)) {
      const res = await form(from);
      assert.equal(res.statusCode, 403, `${name}: ${res.body}`);
      assert.equal(errorOf(res).error, 'ORIGIN_NOT_ALLOWED', name);
      assert.equal(res.headers['set-cookie'], undefined, name);
    }
    for (const [name, from] of Object.entries(ALLOWED)) assert.equal((await form(from)).statusCode, 200, name);
  });
});
