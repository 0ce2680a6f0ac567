import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { hash as argon2Hash } from '@node-rs/argon2';
import { hash as bcryptHash } from '@node-rs/bcrypt';
import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { rowsOf } from '../../src/db/client.js';
import { users } from '../../src/db/schema/index.js';
import { hashPassword, needsRehash } from '../../src/modules/auth/password.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import {
  createUserAndSignIn,
  errorOf,
  GOOD_PASSWORD,
  REFRESH_TOKEN_IN_BODY,
  startTestApp,
  type TestContext,
  uniqueEmail,
} from '../helpers/test-app.js';

function cookieValue(setCookie: string | string[] | undefined, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  for (const c of all) {
    const m = new RegExp(`^${name}=([^;]*)`).exec(c);
    if (m) return m[1];
  }
  return undefined;
}

describe('sign-in, refresh rotation and sign-out', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ CORS_ORIGINS: 'http://shop.test' });
  });
  after(() => ctx.close());

  const login = (payload: Record<string, unknown>, remoteAddress = '127.0.0.1') =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: REFRESH_TOKEN_IN_BODY, payload, remoteAddress });
  const refresh = (refreshToken: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: REFRESH_TOKEN_IN_BODY, payload: { refreshToken } });
  const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('when the credentials are right, then tokens, the user, and an HttpOnly SameSite=Strict cookie scoped to /api/v1/auth', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const res = await login({ email, password: GOOD_PASSWORD });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.tokenType, 'bearer');
    assert.equal(body.expiresIn, 900);
    assert.equal(body.user.email, email);
    assert.equal(body.refreshToken.length, 43);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /emporium_refresh=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    assert.match(cookie, /Path=\/api\/v1\/auth/);
    assert.doesNotMatch(cookie, /Secure/); // only with NODE_ENV=production
    assert.equal((await me(body.accessToken)).json().user.email, email);

    const [, payload] = body.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    for (const claim of ['sub', 'role', 'jti', 'typ', 'iss', 'aud', 'iat', 'exp']) assert.ok(claim in claims, claim);
    assert.equal(claims.exp - claims.iat, 900);
  });

  it('when the OAuth2 password form is posted, then it signs in with username', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=password&username=${encodeURIComponent(email)}&password=${encodeURIComponent(GOOD_PASSWORD)}`,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().user.email, email);
  });

  it('when the e-mail is unknown, the password wrong or the account disabled, then the same 401 body', async () => {
    const { email, id } = await createUserAndSignIn(ctx);
    const disabled = await createUserAndSignIn(ctx);
    await ctx.db.update(users).set({ isActive: false }).where(eq(users.id, disabled.id));
    const answers = [
      await login({ email: uniqueEmail('ghost'), password: GOOD_PASSWORD }),
      await login({ email, password: 'wrong password here' }),
      await login({ email: disabled.email, password: GOOD_PASSWORD }),
    ];
    for (const res of answers) {
      assert.equal(res.statusCode, 401);
      const { error, detail } = errorOf(res);
      assert.deepEqual({ error, detail }, { error: 'INVALID_CREDENTIALS', detail: 'The e-mail address or password is incorrect' });
    }
    assert.ok(id);
  });

  it('when a refresh token is used, then it rotates: the new one works, the old one does not', async () => {
    const user = await createUserAndSignIn(ctx);
    const first = await refresh(user.refreshToken);
    assert.equal(first.statusCode, 200);
    const rotated = first.json();
    assert.notEqual(rotated.refreshToken, user.refreshToken);
    assert.equal((await me(rotated.accessToken)).statusCode, 200);
    const second = await refresh(rotated.refreshToken);
    assert.equal(second.statusCode, 200);
  });

  it('when a rotated refresh token is presented again, then 401 and the whole session is revoked', async () => {
    const user = await createUserAndSignIn(ctx);
    const next = (await refresh(user.refreshToken)).json();
    const reuse = await refresh(user.refreshToken);
    assert.equal(reuse.statusCode, 401);
    assert.equal(errorOf(reuse).error, 'REFRESH_TOKEN_INVALID');
    // The legitimate holder's newer tokens die with the family.
    assert.equal((await refresh(next.refreshToken)).statusCode, 401);
    assert.equal((await me(next.accessToken)).statusCode, 401);
  });

  it('when one refresh token is used ten times at once, then at most one succeeds', async () => {
    const user = await createUserAndSignIn(ctx);
    const results = await Promise.all(Array.from({ length: 10 }, () => refresh(user.refreshToken)));
    const ok = results.filter((r) => r.statusCode === 200);
    assert.ok(ok.length <= 1, `${ok.length} refreshes succeeded`);
    for (const r of results) assert.ok(r.statusCode === 200 || r.statusCode === 401, String(r.statusCode));
  });

  it('when the refresh cookie is sent from the shop origin, then it refreshes; from another origin, 403', async () => {
    const { email } = await createUserAndSignIn(ctx);
    const res = await login({ email, password: GOOD_PASSWORD });
    const cookie = cookieValue(res.headers['set-cookie'], 'emporium_refresh');
    assert.ok(cookie);
    const evil = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { origin: 'http://evil.test' },
      cookies: { emporium_refresh: cookie },
    });
    assert.equal(evil.statusCode, 403);
    assert.equal(errorOf(evil).error, 'ORIGIN_NOT_ALLOWED');
    const good = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/refresh',
      headers: { origin: 'http://shop.test' },
      cookies: { emporium_refresh: cookie },
    });
    assert.equal(good.statusCode, 200);
    assert.ok(cookieValue(good.headers['set-cookie'], 'emporium_refresh'));
  });

  it('when no refresh token is given, or a made-up one, then 401', async () => {
    const none = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh' });
    assert.equal(none.statusCode, 401);
    const made = await refresh('A'.repeat(43));
    assert.equal(made.statusCode, 401);
    assert.equal(errorOf(made).error, 'REFRESH_TOKEN_INVALID');
  });

  it('when signing out, then that refresh token and the presented access token stop working, other sessions live on', async () => {
    const user = await createUserAndSignIn(ctx);
    const other = (await login({ email: user.email, password: GOOD_PASSWORD })).json();
    const out = await ctx.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: user.auth });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers['set-cookie']), /emporium_refresh=;/);
    assert.equal((await me(user.accessToken)).statusCode, 401);
    assert.equal((await refresh(user.refreshToken)).statusCode, 401);
    assert.equal((await me(other.accessToken)).statusCode, 200);
  });

  it('when the access token is missing, forged, alg:none, expired or of another type, then 401', async () => {
    const user = await createUserAndSignIn(ctx);
    const [header, payload] = user.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const key = new TextEncoder().encode(ctx.config.jwt.secret);
    const now = Math.floor(Date.now() / 1000);
    const sign = (extra: Record<string, unknown>) =>
      new SignJWT({ ...claims, ...extra }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
    const cases: Record<string, string | undefined> = {
      missing: undefined,
      garbage: 'not.a.jwt',
      algNone: `${noneHeader}.${payload}.`,
      wrongSignature: `${header}.${payload}.${'A'.repeat(43)}`,
      otherSecret: await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(40))),
      expired: await sign({ iat: now - 3600, exp: now - 60 }),
      refreshTyped: await sign({ typ: 'refresh' }),
      wrongAudience: await sign({ aud: 'someone-else' }),
      noJti: await new SignJWT({ ...claims, jti: undefined }).setProtectedHeader({ alg: 'HS256' }).sign(key),
      refreshTokenAsBearer: user.refreshToken,
    };
    for (const [name, token] of Object.entries(cases)) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      assert.equal(res.statusCode, 401, name);
      assert.equal(errorOf(res).error, 'UNAUTHENTICATED', name);
    }
    // A token signed correctly with the same claims still works: the cases above fail for their defect alone.
    assert.equal((await me(await sign({}))).statusCode, 200);
  });

  it('when an imported user has a legacy bcrypt hash, then it signs in and the hash becomes argon2id', async () => {
    const email = uniqueEmail('legacy');
    for (const prefix of ['$2b$', '$2a$']) {
      const address = `${prefix.slice(2, 3)}-${email}`;
      const legacy = (await bcryptHash(GOOD_PASSWORD, { cost: 4 })).replace(/^\$2[aby]\$/, prefix);
      const row = await insertUserUnlessEmailTaken(ctx.db, { email: address, fullName: 'Imported', passwordHash: legacy });
      assert.ok(row);
      const res = await login({ email: address, password: GOOD_PASSWORD });
      assert.equal(res.statusCode, 200, prefix);
      const [after] = await ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, row.id));
      assert.match(after?.hash ?? '', /^\$argon2id\$/);
      assert.equal((await login({ email: address, password: GOOD_PASSWORD })).statusCode, 200);
    }
  });

  it('when a user signs in with an argon2id hash of other parameters, then it is rehashed with the current ones', async () => {
    const current = await hashPassword(GOOD_PASSWORD);
    assert.match(current, /^\$argon2id\$v=19\$m=7168,t=5,p=1\$/);
    assert.equal(needsRehash(current), false);
    // The library's default profile (19 MiB, 2 passes), as accounts made before the change hold.
    const older = await argon2Hash(GOOD_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
    assert.equal(needsRehash(older), true);
    const email = uniqueEmail('older-profile');
    const row = await insertUserUnlessEmailTaken(ctx.db, { email, fullName: 'Older profile', passwordHash: older });
    assert.ok(row);
    assert.equal((await login({ email, password: 'not the password' })).statusCode, 401);
    const stored = async () => (await ctx.db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, row.id)))[0]?.hash;
    // A failed attempt changes nothing; a successful one stores a current hash that still signs in.
    assert.equal(await stored(), older);
    assert.equal((await login({ email, password: GOOD_PASSWORD })).statusCode, 200);
    const upgraded = await stored();
    assert.ok(upgraded && !needsRehash(upgraded), upgraded);
    assert.equal((await login({ email, password: GOOD_PASSWORD })).statusCode, 200);
    assert.equal(await stored(), upgraded);
  });
});

describe('a refresh whose answer was lost', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ REFRESH_REUSE_GRACE_SECONDS: '10' });
  });
  after(() => ctx.close());

  const refresh = (refreshToken: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: REFRESH_TOKEN_IN_BODY, payload: { refreshToken } });
  const me = (token: string) => ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });

  it('when a rotated refresh token comes back within REFRESH_REUSE_GRACE_SECONDS, then it gets fresh tokens and the session lives on', async () => {
    const user = await createUserAndSignIn(ctx);
    // The browser left the page before this answer (and its cookie) arrived.
    const lost = (await refresh(user.refreshToken)).json();
    const again = await refresh(user.refreshToken);
    assert.equal(again.statusCode, 200);
    const fresh = again.json();
    assert.notEqual(fresh.refreshToken, lost.refreshToken);
    assert.equal((await me(fresh.accessToken)).statusCode, 200);
    assert.equal((await refresh(fresh.refreshToken)).statusCode, 200);
  });

  it('then the session still has one live refresh token: the lost one, shown later, is reuse', async () => {
    const user = await createUserAndSignIn(ctx);
    const lost = (await refresh(user.refreshToken)).json();
    // Replayed three times in the window: each retires the token before it.
    let latest = lost;
    for (let i = 0; i < 3; i++) latest = (await refresh(user.refreshToken)).json();
    const live = rowsOf<{ n: number }>(
      await ctx.db.execute(sql`select count(*)::int as n from refresh_tokens r join sessions s on s.id = r.session_id
        where s.user_id = ${user.id} and r.rotated_at is null`),
    );
    assert.equal(live[0]?.n, 1);
    await ctx.db.execute(sql`update refresh_tokens set rotated_at = now() - interval '11 seconds' where rotated_at is not null`);
    assert.equal((await refresh(lost.refreshToken)).statusCode, 401);
    assert.equal((await me(latest.accessToken)).statusCode, 401);
  });

  it('when it comes back after the grace period, then 401 and the whole session is revoked', async () => {
    const user = await createUserAndSignIn(ctx);
    const next = (await refresh(user.refreshToken)).json();
    await ctx.db.execute(sql`update refresh_tokens set rotated_at = now() - interval '11 seconds' where rotated_at is not null`);
    const reuse = await refresh(user.refreshToken);
    assert.equal(reuse.statusCode, 401);
    assert.equal(errorOf(reuse).error, 'REFRESH_TOKEN_INVALID');
    assert.equal((await refresh(next.refreshToken)).statusCode, 401);
    assert.equal((await me(next.accessToken)).statusCode, 401);
  });
});
