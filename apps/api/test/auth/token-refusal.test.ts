import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { users } from '../../src/db/schema/index.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

/** The access-token claims of a signed-in user, to re-sign with one defect at a time. */
function claimsOf(user: SignedIn): Record<string, unknown> {
  const [, payload] = user.accessToken.split('.') as [string, string, string];
  return JSON.parse(Buffer.from(payload, 'base64url').toString());
}

describe('refused tokens', () => {
  let ctx: TestContext;
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  before(async () => {
    ctx = await startTestApp();
    const key = new TextEncoder().encode(ctx.config.jwt.secret);
    sign = (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
  });
  after(() => ctx.close());

  const me = (authorization: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization } });
  const refreshWithBody = (refreshToken: string) =>
    ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { 'x-refresh-token-delivery': 'body' },
      payload: { refreshToken },
    });
  const refreshWithCookie = (token: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', cookies: { emporium_refresh: token } });

  it('when an access token is refused for any reason, then the same 401 body and challenge', async () => {
    const user = await createUserAndSignIn(ctx);
    const claims = claimsOf(user);
    const now = Math.floor(Date.now() / 1000);
    const [header, payload] = user.accessToken.split('.') as [string, string, string];
    const loggedOut = await createUserAndSignIn(ctx);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: loggedOut.auth });
    const disabled = await createUserAndSignIn(ctx);
    await ctx.db.update(users).set({ isActive: false }).where(eq(users.id, disabled.id));
    const otherUser = await createUserAndSignIn(ctx);
    const cases: Record<string, string> = {
      garbage: 'Bearer not.a.jwt',
      notBearer: `Basic ${Buffer.from('a:b').toString('base64')}`,
      bearerWithSpaces: 'Bearer two words',
      bearerAlone: 'Bearer',
      algNone: `Bearer ${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`,
      badSignature: `Bearer ${header}.${payload}.${'A'.repeat(43)}`,
      expired: `Bearer ${await sign({ ...claims, iat: now - 3600, exp: now - 60 })}`,
      issuedInTheFuture: `Bearer ${await sign({ ...claims, iat: now + 120, exp: now + 1020 })}`,
      wrongType: `Bearer ${await sign({ ...claims, typ: 'refresh' })}`,
      wrongAudience: `Bearer ${await sign({ ...claims, aud: 'someone-else' })}`,
      wrongIssuer: `Bearer ${await sign({ ...claims, iss: 'someone-else' })}`,
      refreshTokenAsBearer: `Bearer ${user.refreshToken}`,
      revokedByLogout: loggedOut.auth.authorization,
      userDisabled: disabled.auth.authorization,
      otherUsersSession: `Bearer ${await sign({ ...claims, sid: claimsOf(otherUser).sid })}`,
    };
    const bodies = new Set<string>();
    const challenges = new Set<string>();
    for (const [name, authorization] of Object.entries(cases)) {
      const res = await me(authorization);
      assert.equal(res.statusCode, 401, name);
      const { error, detail } = errorOf(res);
      bodies.add(JSON.stringify({ error, detail }));
      challenges.add(String(res.headers['www-authenticate']));
    }
    assert.deepEqual(
      [...bodies],
      [JSON.stringify({ error: 'UNAUTHENTICATED', detail: 'The access token is invalid, expired or revoked' })],
    );
    assert.equal(challenges.size, 1, [...challenges].join(' | '));
    // Each case fails for its defect alone: the same claims signed properly still work.
    assert.equal((await me(`Bearer ${await sign(claims)}`)).statusCode, 200);
  });

  it('when an access token was issued more than 60 s ahead of the clock, then 401; within 60 s of skew, it works', async () => {
    const user = await createUserAndSignIn(ctx);
    const claims = claimsOf(user);
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await me(`Bearer ${await sign({ ...claims, iat: now + 90, exp: now + 990 })}`)).statusCode, 401);
    assert.equal((await me(`Bearer ${await sign({ ...claims, iat: now + 30, exp: now + 930 })}`)).statusCode, 200);
  });

  it('when an access token is sent where a refresh token is expected (body or cookie), then 401 REFRESH_TOKEN_INVALID', async () => {
    const user = await createUserAndSignIn(ctx);
    for (const res of [await refreshWithBody(user.accessToken), await refreshWithCookie(user.accessToken)]) {
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(errorOf(res).error, 'REFRESH_TOKEN_INVALID');
    }
    // The refresh token itself was not touched by those attempts.
    assert.equal((await refreshWithBody(user.refreshToken)).statusCode, 200);
  });

  it('when a refresh token is refused for any reason, then the same 401 body', async () => {
    const reused = await createUserAndSignIn(ctx);
    assert.equal((await refreshWithBody(reused.refreshToken)).statusCode, 200);
    const loggedOut = await createUserAndSignIn(ctx);
    await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: loggedOut.auth });
    const accessTokenOwner = await createUserAndSignIn(ctx);
    const answers = {
      unknown: await refreshWithBody('A'.repeat(43)),
      reused: await refreshWithBody(reused.refreshToken),
      sessionEnded: await refreshWithBody(loggedOut.refreshToken),
      accessToken: await refreshWithBody(accessTokenOwner.accessToken),
      unknownCookie: await refreshWithCookie('B'.repeat(43)),
      missing: await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' }),
    };
    const bodies = new Set<string>();
    for (const [name, res] of Object.entries(answers)) {
      assert.equal(res.statusCode, 401, `${name}: ${res.body}`);
      const { error, detail } = errorOf(res);
      bodies.add(JSON.stringify({ error, detail }));
    }
    assert.deepEqual(
      [...bodies],
      [JSON.stringify({ error: 'REFRESH_TOKEN_INVALID', detail: 'The refresh token is invalid or has expired; sign in again' })],
    );
  });
});
