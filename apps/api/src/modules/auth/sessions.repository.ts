import { and, desc, eq, gt, isNull, ne, notInArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { refreshTokens, sessions, type UserRow, users, userTokens } from '../../db/schema/index.js';
import type { LiveSession } from './session-cache.js';

/** Opens a session with its first refresh token: one statement, so a sign-in needs no transaction. */
export async function insertSessionWithRefreshToken(
  db: Db,
  values: { userId: string; userAgent: string | undefined; ipAddress: string; expiresAt: Date },
  tokenHash: string,
): Promise<string> {
  const [row] = rowsOf<{ session_id: string }>(
    await db.execute(sql`
      with session as (
        insert into ${sessions} (user_id, user_agent, ip_address, expires_at)
        values (${values.userId}, ${values.userAgent ?? null}, ${values.ipAddress}, ${values.expiresAt.toISOString()})
        returning id
      )
      insert into ${refreshTokens} (session_id, token_hash) select id, ${tokenHash} from session
      returning session_id`),
  );
  if (!row) throw new Error('session insert returned nothing');
  return row.session_id;
}

export async function insertRefreshToken(db: Db, sessionId: string, tokenHash: string): Promise<void> {
  await db.insert(refreshTokens).values({ sessionId, tokenHash });
}

/**
 * Marks a refresh token used, atomically: of several concurrent calls with one token at
 * most one gets its session id back.
 */
export async function markRefreshTokenRotated(db: Db, tokenHash: string): Promise<string | undefined> {
  const [row] = await db
    .update(refreshTokens)
    .set({ rotatedAt: sql`now()` })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), isNull(refreshTokens.rotatedAt)))
    .returning({ sessionId: refreshTokens.sessionId });
  return row?.sessionId;
}

/** Marks every not yet rotated refresh token of a session as rotated. */
export async function retireLiveRefreshTokens(db: Db, sessionId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ rotatedAt: sql`now()` })
    .where(and(eq(refreshTokens.sessionId, sessionId), isNull(refreshTokens.rotatedAt)));
}

/** The session of a refresh token that was rotated within the last `seconds`, if any. */
export async function sessionOfTokenRotatedWithin(db: Db, tokenHash: string, seconds: number): Promise<string | undefined> {
  const [row] = await db
    .select({ sessionId: refreshTokens.sessionId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, tokenHash), gt(refreshTokens.rotatedAt, sql`now() - make_interval(secs => ${seconds})`)));
  return row?.sessionId;
}

/** The session a refresh token belongs to, rotated or not, if the token ever existed. */
export async function findSessionOfRefreshToken(db: Db, tokenHash: string): Promise<string | undefined> {
  const [row] = await db.select({ sessionId: refreshTokens.sessionId }).from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash));
  return row?.sessionId;
}

/** The session (`sessionId` placeholder) when it is live (not revoked, not expired) and its user may sign in. */
const liveSessionById = and(
  eq(sessions.id, sql.placeholder('sessionId')),
  isNull(sessions.revokedAt),
  gt(sessions.expiresAt, sql`now()`),
  eq(users.isActive, true),
  isNull(users.deletedAt),
);

/** The session's user when the session is live, as refreshing a token needs it. */
export async function findLiveSessionUser(db: Db, sessionId: string): Promise<UserRow | undefined> {
  const query = prepared(db, 'live-session-user', (name) =>
    db.select({ user: users }).from(sessions).innerJoin(users, eq(users.id, sessions.userId)).where(liveSessionById).prepare(name),
  );
  const [row] = await query.execute({ sessionId });
  return row?.user;
}

/** What a signed-in request needs of its live session and user (see SessionCache). */
export async function findLiveSession(db: Db, sessionId: string): Promise<LiveSession | undefined> {
  // Runs on every signed-in request the session cache cannot answer: built once (see `prepared`).
  const query = prepared(db, 'live-session', (name) =>
    db
      .select({ userId: users.id, role: users.role, email: users.email, isVerified: users.isVerified, expiresAt: sessions.expiresAt })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(liveSessionById)
      .prepare(name),
  );
  const [row] = await query.execute({ sessionId });
  return row;
}

/**
 * Pushes a session's idle expiry `idleSeconds` ahead, never past its absolute end
 * (`maxDays` after it began). Returns the new expiry, or undefined once that end has passed.
 */
export async function extendSession(db: Db, sessionId: string, idleSeconds: number, maxDays: number): Promise<Date | undefined> {
  const absoluteEnd = sql`${sessions.createdAt} + make_interval(days => ${maxDays})`;
  const [row] = await db
    .update(sessions)
    .set({ lastUsedAt: sql`now()`, expiresAt: sql`least(now() + make_interval(secs => ${idleSeconds}), ${absoluteEnd})` })
    .where(and(eq(sessions.id, sessionId), gt(absoluteEnd, sql`now()`)))
    .returning({ expiresAt: sessions.expiresAt });
  return row?.expiresAt;
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<string | undefined> {
  const [row] = await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ userId: sessions.userId });
  return row?.userId;
}

/** Ends every session of a user, optionally keeping the one the request came from. */
export async function revokeUserSessions(db: Db, userId: string, reason: string, exceptSessionId?: string): Promise<void> {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptSessionId) conditions.push(ne(sessions.id, exceptSessionId));
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(...conditions));
}

export type UserTokenPurpose = (typeof userTokens.$inferSelect)['purpose'];

export async function insertUserToken(
  db: Db,
  values: { userId: string; purpose: UserTokenPurpose; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db.insert(userTokens).values(values);
}

/** A mailed token with this hash and purpose, not used and not expired. */
function liveUserToken(tokenHash: string, purpose: UserTokenPurpose) {
  return and(
    eq(userTokens.tokenHash, tokenHash),
    eq(userTokens.purpose, purpose),
    isNull(userTokens.usedAt),
    gt(userTokens.expiresAt, sql`now()`),
  );
}

/** Single use: returns the user id once for a live token of this purpose, never again. */
export async function consumeUserToken(db: Db, tokenHash: string, purpose: UserTokenPurpose): Promise<string | undefined> {
  const [row] = await db
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(liveUserToken(tokenHash, purpose))
    .returning({ userId: userTokens.userId });
  return row?.userId;
}

/**
 * Retires all but the newest `keep` live tokens of a purpose. Mails can arrive out of order
 * (a retry, a slow relay): whichever of the recent links a shopper opens must work.
 */
export async function retireUserTokensBeyond(db: Db, userId: string, purpose: UserTokenPurpose, keep: number): Promise<void> {
  const newest = db
    .select({ id: userTokens.id })
    .from(userTokens)
    .where(
      and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`)),
    )
    .orderBy(desc(userTokens.createdAt), desc(userTokens.id))
    .limit(keep);
  await db
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(
      and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), notInArray(userTokens.id, newest)),
    );
}

/** Retires every outstanding token of a purpose: once one is used (or the password changes), the rest are void. */
export async function retireUserTokens(db: Db, userId: string, purpose: UserTokenPurpose): Promise<void> {
  await db
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
}

/**
 * Whether a live token of this purpose exists, without using it: an index lookup, so a made-up
 * token is turned away before any password is hashed.
 */
export async function isLiveUserToken(db: Db, tokenHash: string, purpose: UserTokenPurpose): Promise<boolean> {
  const rows = await db.select({ id: userTokens.id }).from(userTokens).where(liveUserToken(tokenHash, purpose)).limit(1);
  return rows.length > 0;
}

/** The addresses the account's kept sessions were opened from, newest first (at most 100). */
export async function findSignInAddresses(db: Db, email: string): Promise<string[]> {
  const rows = await db
    .select({ ip: sessions.ipAddress })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(users.email, email), sql`${sessions.ipAddress} is not null`))
    .orderBy(sql`${sessions.createdAt} desc`)
    .limit(100);
  return rows.flatMap((r) => (r.ip ? [r.ip] : []));
}

/** Deletes a user's sessions (they carry IP addresses and user agents; their refresh tokens go with them) and mailed tokens. */
export async function deleteSessionsAndTokensOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
  await db.delete(userTokens).where(eq(userTokens.userId, userId));
}
