import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUserAndSignIn, errorOf, GOOD_PASSWORD, startTestApp, type TestContext } from '../helpers/test-app.js';

function refreshCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of all) {
    const m = /^emporium_refresh=([^;]+)/.exec(c);
    if (m) return m[1];
  }
  return undefined;
}

const OPT_IN = { 'x-refresh-token-delivery': 'body' };

describe('where the refresh token travels', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx.close());

  it('when signing in (JSON or form), then the body carries the access token alone and the refresh token is only in the HttpOnly cookie', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const json = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    const form = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `username=${encodeURIComponent(email)}&password=${encodeURIComponent(GOOD_PASSWORD)}`,
    });
    for (const res of [json, form]) {
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.ok(body.accessToken);
      assert.equal('refreshToken' in body, false, res.body);
      const cookie = refreshCookieOf(res.headers['set-cookie']);
      assert.ok(cookie);
      assert.doesNotMatch(res.body, new RegExp(cookie));
    }
  });

  it('when refreshing with the cookie, then the new refresh token is only in the cookie', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const login = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: GOOD_PASSWORD } });
    const cookie = refreshCookieOf(login.headers['set-cookie']);
    assert.ok(cookie);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { emporium_refresh: cookie } });
    assert.equal(res.statusCode, 200);
    assert.equal('refreshToken' in res.json(), false);
    const next = refreshCookieOf(res.headers['set-cookie']);
    assert.ok(next && next !== cookie);
    assert.doesNotMatch(res.body, new RegExp(next));
  });

  it('when a non-browser client opts in with X-Refresh-Token-Delivery: body, then login and refresh answer the refresh token in the body and refresh takes it from the body', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: OPT_IN,
      payload: { email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 200);
    const first = login.json().refreshToken;
    assert.equal(first.length, 43);
    const refreshed = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: OPT_IN,
      payload: { refreshToken: first },
    });
    assert.equal(refreshed.statusCode, 200);
    const second = refreshed.json().refreshToken;
    assert.ok(second && second !== first);
    const again = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: OPT_IN, payload: { refreshToken: second } });
    assert.equal(again.statusCode, 200);
  });

  it('when a refresh token is sent in the body without the opt-in header, then 422 naming the header, and the token still works', async () => {
    const user = await createUserAndSignIn(ctx);
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: user.refreshToken } });
    assert.equal(res.statusCode, 422);
    const body = errorOf(res);
    assert.equal(body.error, 'VALIDATION_FAILED');
    assert.equal(body.errors?.[0]?.field, 'refreshToken');
    assert.match(body.errors?.[0]?.message ?? '', /X-Refresh-Token-Delivery: body/);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: OPT_IN,
      payload: { refreshToken: user.refreshToken },
    });
    assert.equal(ok.statusCode, 200);
  });
});
