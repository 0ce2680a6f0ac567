import type { Role, TokenPair } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { UserRow } from '../../db/schema/index.js';
import { RateLimitedError } from '../../errors.js';
import { clientKey } from '../../lib/client-address.js';
import { generateSecureToken, hashSecureToken } from '../../lib/secure-token.js';
import { toUserView } from '../users/user-view.js';
import { findUserByEmail, updateUser } from '../users/users.repository.js';
import type { AccessTokens } from './access-tokens.js';
import type { AttemptLimiter } from './attempt-limiter.js';
import { AccessTokenInvalidError, InvalidCredentialsError, RefreshTokenInvalidError, RefreshTokenReusedError } from './auth.errors.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './password.js';
import type { SessionCache } from './session-cache.js';
import {
  extendSession,
  findLiveSession,
  findLiveSessionUser,
  findSessionOfRefreshToken,
  findSignInAddresses,
  insertRefreshToken,
  insertSessionWithRefreshToken,
  markRefreshTokenRotated,
  retireLiveRefreshTokens,
  revokeSession,
  sessionOfTokenRotatedWithin,
} from './sessions.repository.js';
import type { TokenDenylist } from './token-denylist.js';

/** Who is calling, resolved from a valid access token of a live session. */
export interface Principal {
  userId: string;
  role: Role;
  email: string;
  isVerified: boolean;
  sessionId: string;
  jti: string;
  expiresAt: Date;
}

/**
 * What a sign-in or refresh hands out: the answer for the client, and the refresh token with
 * the moment its session ends (the route puts it in the cookie, and in the body on request).
 */
export interface IssuedTokens {
  answer: Omit<TokenPair, 'refreshToken'>;
  refreshToken: string;
  sessionExpiresAt: Date;
}

/** Where a request comes from; recorded on the session and used for rate limits. */
export interface ClientInfo {
  ip: string;
  userAgent: string | undefined;
}

export interface AuthServiceDeps {
  db: Db;
  accessTokens: AccessTokens;
  denylist: TokenDenylist;
  loginLimiter: AttemptLimiter;
  refreshTtlDays: number;
  /** A session ends this many days after sign-in however often it is refreshed. */
  sessionMaxDays: number;
  /**
   * A refresh token presented again this soon after it was rotated gets a fresh token for its
   * session instead of ending it: the browser that rotated it lost the answer (a page left
   * while its refresh was in flight never stores the new cookie). 0: any reuse ends the session.
   */
  refreshReuseGraceSeconds: number;
  /** Told of each refresh the grace let through (a security event in the log). */
  onRefreshGraceReuse?: (sessionId: string) => void;
  sessionCache: SessionCache;
  /** Told when the denylist (Redis) cannot answer; the database decides instead. */
  onDenylistUnavailable?: (err: unknown) => void;
  /** Called after a session ended or a user changed (committed): clears every instance's session cache. */
  onSessionsChanged: () => Promise<void>;
}

/** Signing in and out, refresh-token rotation, and resolving bearer tokens. */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  async login(email: string, password: string, client: ClientInfo): Promise<IssuedTokens> {
    const { db, loginLimiter } = this.deps;
    await loginLimiter.consume({ client: client.ip });
    await this.countAccountAttempt(email, client.ip);
    const user = await findUserByEmail(db, email);
    if (!user) {
      await verifyAgainstDummy(password);
      throw new InvalidCredentialsError('unknown_email', email);
    }
    const passwordOk = await verifyPassword(user.passwordHash, password);
    if (!passwordOk) throw new InvalidCredentialsError('wrong_password', email);
    if (!user.isActive || user.deletedAt) throw new InvalidCredentialsError('account_disabled', email);
    if (needsRehash(user.passwordHash)) {
      await updateUser(db, user.id, { passwordHash: await hashPassword(password) });
    }
    const refreshToken = generateSecureToken();
    const { refreshTtlDays, sessionMaxDays } = this.deps;
    const expiresAt = new Date(Date.now() + Math.min(refreshTtlDays, sessionMaxDays) * 86_400_000);
    const sessionId = await insertSessionWithRefreshToken(
      db,
      { userId: user.id, userAgent: client.userAgent?.slice(0, 500), ipAddress: client.ip, expiresAt },
      hashSecureToken(refreshToken),
    );
    return this.issued(user, sessionId, refreshToken, expiresAt);
  }

  /**
   * Rotates a refresh token. Presenting one that was already rotated ends its whole session
   * (unless it was rotated within the last REFRESH_REUSE_GRACE_SECONDS: see the deps); so does
   * refreshing a session past its absolute lifetime (SESSION_MAX_DAYS).
   */
  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const { db, refreshTtlDays, sessionMaxDays, refreshReuseGraceSeconds } = this.deps;
    const tokenHash = hashSecureToken(refreshToken);
    let graceReuse: string | undefined;
    const outcome = await db.transaction(async (tx) => {
      let sessionId = await markRefreshTokenRotated(tx, tokenHash);
      if (!sessionId && refreshReuseGraceSeconds > 0) {
        sessionId = await sessionOfTokenRotatedWithin(tx, tokenHash, refreshReuseGraceSeconds);
        // One live refresh token per session still: the successor whose answer was lost (or a
        // replay's) is retired, so presenting it later is reuse like any other.
        if (sessionId) {
          await retireLiveRefreshTokens(tx, sessionId);
          graceReuse = sessionId;
        }
      }
      if (!sessionId) return { reusedSessionId: await findSessionOfRefreshToken(tx, tokenHash) };
      const user = await findLiveSessionUser(tx, sessionId);
      if (!user) return { dead: 'session_ended' };
      const expiresAt = await extendSession(tx, sessionId, refreshTtlDays * 86_400, sessionMaxDays);
      if (!expiresAt) {
        await revokeSession(tx, sessionId, 'max_age_reached');
        return { dead: 'max_age_reached', sessionsChanged: true };
      }
      const next = generateSecureToken();
      await insertRefreshToken(tx, sessionId, hashSecureToken(next));
      return { issued: await this.issued(user, sessionId, next, expiresAt) };
    });
    if ('issued' in outcome && outcome.issued) {
      if (graceReuse) this.deps.onRefreshGraceReuse?.(graceReuse);
      return outcome.issued;
    }
    if ('reusedSessionId' in outcome && outcome.reusedSessionId) {
      const userId = await revokeSession(db, outcome.reusedSessionId, 'refresh_token_reused');
      await this.deps.onSessionsChanged();
      throw new RefreshTokenReusedError(outcome.reusedSessionId, userId);
    }
    if ('sessionsChanged' in outcome) await this.deps.onSessionsChanged();
    throw new RefreshTokenInvalidError('dead' in outcome && outcome.dead ? outcome.dead : 'unknown_token');
  }

  /** Signing out with the refresh cookie alone: ends the session that token belongs to, if any. */
  async logoutWithRefreshToken(refreshToken: string): Promise<void> {
    const { db } = this.deps;
    const sessionId = await findSessionOfRefreshToken(db, hashSecureToken(refreshToken));
    if (!sessionId || !(await revokeSession(db, sessionId, 'logout'))) return;
    await this.deps.onSessionsChanged();
  }

  async logout(principal: Principal): Promise<void> {
    await revokeSession(this.deps.db, principal.sessionId, 'logout');
    // The revoked session is the truth; the denylist only spares other instances a read.
    await this.deps.denylist.add(principal.jti, principal.expiresAt).catch((err) => this.deps.onDenylistUnavailable?.(err));
    await this.deps.onSessionsChanged();
  }

  /**
   * Resolves a bearer token; the role and status come from the database (through the session
   * cache, which every session end and user change clears), not the token.
   */
  async authenticate(accessToken: string): Promise<Principal> {
    const claims = await this.deps.accessTokens.verify(accessToken);
    if (!claims) throw new AccessTokenInvalidError('invalid_token');
    const denied = await this.deps.denylist.has(claims.jti).catch((err) => {
      this.deps.onDenylistUnavailable?.(err);
      return undefined;
    });
    if (denied) throw new AccessTokenInvalidError('revoked_token');
    const { db, sessionCache } = this.deps;
    // Every denied token's session is revoked in the database: when the denylist cannot answer,
    // the session is read from there, never from the cache, so a revoked token is still refused.
    const readSession = () => findLiveSession(db, claims.sessionId);
    const user = denied === undefined ? await readSession() : await sessionCache.get(claims.sessionId, readSession);
    if (!user || user.userId !== claims.userId) throw new AccessTokenInvalidError('session_ended');
    return {
      userId: user.userId,
      role: user.role,
      email: user.email,
      isVerified: user.isVerified,
      sessionId: claims.sessionId,
      jti: claims.jti,
      expiresAt: claims.expiresAt,
    };
  }

  /**
   * Guesses at one account from many addresses exhaust its own budget; that must not lock its
   * owner out. A client the account has signed in from before gets past the account's budget
   * (its per-client budget still holds): only strangers wait.
   */
  private async countAccountAttempt(email: string, ip: string): Promise<void> {
    try {
      await this.deps.loginLimiter.consume({ account: email });
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      const client = clientKey(ip);
      const known = await findSignInAddresses(this.deps.db, email);
      if (!known.some((address) => clientKey(address) === client)) throw err;
    }
  }

  private async issued(user: UserRow, sessionId: string, refreshToken: string, sessionExpiresAt: Date): Promise<IssuedTokens> {
    const accessToken = await this.deps.accessTokens.issue({ userId: user.id, role: user.role, sessionId });
    return {
      answer: { accessToken, tokenType: 'bearer', expiresIn: this.deps.accessTokens.ttlSeconds, user: toUserView(user) },
      refreshToken,
      sessionExpiresAt,
    };
  }
}
