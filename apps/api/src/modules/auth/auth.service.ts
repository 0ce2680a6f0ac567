import type { Role, TokenPair } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { UserRow } from '../../db/schema/index.js';
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
  findSessionOfRotatedToken,
  insertRefreshToken,
  insertSessionWithRefreshToken,
  markRefreshTokenRotated,
  revokeSession,
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
  sessionCache: SessionCache;
  /** Told when the denylist (Redis) cannot answer; the database decides instead. */
  onDenylistUnavailable?: (err: unknown) => void;
  /** Called after a session ended or a user changed (committed): clears every instance's session cache. */
  onSessionsChanged: () => Promise<void>;
}

/** Signing in and out, refresh-token rotation, and resolving bearer tokens. */
export class AuthService {
  constructor(private readonly deps: AuthServiceDeps) {}

  get refreshTtlSeconds(): number {
    return this.deps.refreshTtlDays * 86_400;
  }

  async login(email: string, password: string, client: ClientInfo): Promise<TokenPair> {
    const { db, loginLimiter } = this.deps;
    await loginLimiter.consume({ client: client.ip, account: email });
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
    const sessionId = await insertSessionWithRefreshToken(
      db,
      { userId: user.id, userAgent: client.userAgent?.slice(0, 500), ipAddress: client.ip, expiresAt: this.sessionExpiry() },
      hashSecureToken(refreshToken),
    );
    return this.tokenPair(user, sessionId, refreshToken);
  }

  /** Rotates a refresh token. Presenting one that was already rotated ends its whole session. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { db } = this.deps;
    const tokenHash = hashSecureToken(refreshToken);
    const outcome = await db.transaction(async (tx) => {
      const sessionId = await markRefreshTokenRotated(tx, tokenHash);
      if (!sessionId) return { reusedSessionId: await findSessionOfRotatedToken(tx, tokenHash) };
      const user = await findLiveSessionUser(tx, sessionId);
      if (!user) return { dead: true as const };
      await extendSession(tx, sessionId, this.sessionExpiry());
      return { pair: await this.issueTokenPair(tx, user, sessionId) };
    });
    if ('pair' in outcome && outcome.pair) return outcome.pair;
    if ('reusedSessionId' in outcome && outcome.reusedSessionId) {
      const userId = await revokeSession(db, outcome.reusedSessionId, 'refresh_token_reused');
      await this.deps.onSessionsChanged();
      throw new RefreshTokenReusedError(outcome.reusedSessionId, userId);
    }
    throw new RefreshTokenInvalidError('dead' in outcome ? 'session_ended' : 'unknown_token');
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

  private sessionExpiry(): Date {
    return new Date(Date.now() + this.refreshTtlSeconds * 1000);
  }

  private async issueTokenPair(tx: Db, user: UserRow, sessionId: string): Promise<TokenPair> {
    const refreshToken = generateSecureToken();
    await insertRefreshToken(tx, sessionId, hashSecureToken(refreshToken));
    return this.tokenPair(user, sessionId, refreshToken);
  }

  private async tokenPair(user: UserRow, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.deps.accessTokens.issue({ userId: user.id, role: user.role, sessionId });
    return { accessToken, refreshToken, tokenType: 'bearer', expiresIn: this.deps.accessTokens.ttlSeconds, user: toUserView(user) };
  }
}
