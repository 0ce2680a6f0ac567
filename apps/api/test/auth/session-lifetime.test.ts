import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { sessions } from '../../src/db/schema/index.js';
import { createUserAndSignIn, errorOf, REFRESH_TOKEN_IN_BODY, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

const DAY_MS = 86_400_000;

function sessionIdOf(user: SignedIn): string {
  const [, payload] = user.accessToken.split('.') as [string, string, string];
  return JSON.parse(Buffer.from(payload, 'base64url').toString()).sid;
}

describe('sessions have an absolute lifetime besides the idle one', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp({ SESSION_MAX_DAYS: '30', REFRESH_TOKEN_TTL_DAYS: '14' });
  });
  after(() => ctx.close());

  const refresh = (refreshToken: string) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/auth/refresh', headers: REFRESH_TOKEN_IN_BODY, payload: { refreshToken } });
  const session = async (id: string) => (await ctx.db.select().from(sessions).where(eq(sessions.id, id)))[0];
  /** Moves a session's start back by `days`, as if it had been refreshed every day since. */
  const age = (id: string, days: number) =>
    ctx.db
      .update(sessions)
      .set({ createdAt: sql`now() - make_interval(days => ${days})` })
      .where(eq(sessions.id, id));

  it('when a session kept in daily use is older than SESSION_MAX_DAYS, then refresh is 401 and the session is ended', async () => {
    const user = await createUserAndSignIn(ctx);
    const id = sessionIdOf(user);
    await age(id, 31);
    const res = await refresh(user.refreshToken);
    assert.equal(res.statusCode, 401);
    assert.equal(errorOf(res).error, 'REFRESH_TOKEN_INVALID');
    const row = await session(id);
    assert.ok(row?.revokedAt);
    assert.equal(row?.revokedReason, 'max_age_reached');
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: user.auth });
    assert.equal(me.statusCode, 401, 'its access tokens die with it');
  });

  it('when a session nears its absolute end, then a refresh works but the session and its cookie end no later than that end', async () => {
    const user = await createUserAndSignIn(ctx);
    const id = sessionIdOf(user);
    await age(id, 29);
    const res = await refresh(user.refreshToken);
    assert.equal(res.statusCode, 200);
    const row = await session(id);
    assert.ok(row);
    const absoluteEnd = row.createdAt.getTime() + 30 * DAY_MS;
    assert.ok(Math.abs(row.expiresAt.getTime() - absoluteEnd) < 1000, `${row.expiresAt.toISOString()} is the absolute end`);
    const maxAge = Number(/Max-Age=(\d+)/.exec(String(res.headers['set-cookie']))?.[1]);
    assert.ok(Math.abs(maxAge - (absoluteEnd - Date.now()) / 1000) < 5, `cookie Max-Age ${maxAge}`);
    // The next refresh, a day on, is already too late.
    await age(id, 30);
    assert.equal((await refresh(res.json().refreshToken)).statusCode, 401);
  });

  it('when SESSION_MAX_DAYS is shorter than the idle lifetime, then a new session ends at its absolute end', async () => {
    const short = await startTestApp({ SESSION_MAX_DAYS: '1', REFRESH_TOKEN_TTL_DAYS: '14' });
    try {
      const user = await createUserAndSignIn(short);
      const [row] = await short.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionIdOf(user)));
      assert.ok(row);
      assert.ok(Math.abs(row.expiresAt.getTime() - row.createdAt.getTime() - DAY_MS) < 5000, row.expiresAt.toISOString());
    } finally {
      await short.close();
    }
  });
});
