import { randomUUID } from 'node:crypto';
import type { Role } from '@emporium/contracts';
import { createSigner, createVerifier } from 'fast-jwt';

export interface AccessTokenClaims {
  userId: string;
  role: Role;
  sessionId: string;
  jti: string;
  expiresAt: Date;
}

export interface AccessTokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const TOKEN_TYPE = 'access';
/** How far ahead of our clock another instance's clock may be when it signs a token. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Short-lived HS256 JWTs. The algorithm is pinned on verify, and every claim is required.
 * fast-jwt signs and verifies with node:crypto synchronously: WebCrypto's HMAC (jose) costs
 * ~100 µs of the event loop per request here, which under load was 5 % of the API's time.
 */
export class AccessTokens {
  private readonly sign: (payload: Record<string, unknown>) => string;
  private readonly decodeVerified: (token: string) => Record<string, unknown>;

  constructor(private readonly settings: AccessTokenSettings) {
    this.sign = createSigner({
      key: settings.secret,
      algorithm: 'HS256',
      iss: settings.issuer,
      aud: settings.audience,
      expiresIn: settings.ttlSeconds * 1000,
    });
    this.decodeVerified = createVerifier({
      key: settings.secret,
      algorithms: ['HS256'],
      allowedIss: settings.issuer,
      allowedAud: settings.audience,
      requiredClaims: ['sub', 'role', 'jti', 'typ', 'iss', 'aud', 'iat', 'exp', 'sid'],
    });
  }

  get ttlSeconds(): number {
    return this.settings.ttlSeconds;
  }

  async issue(subject: { userId: string; role: Role; sessionId: string }): Promise<string> {
    return this.sign({ sub: subject.userId, role: subject.role, sid: subject.sessionId, typ: TOKEN_TYPE, jti: randomUUID() });
  }

  /** Returns the claims, or undefined for anything forged, expired, of another type or malformed. */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    let payload: Record<string, unknown>;
    try {
      payload = this.decodeVerified(token);
    } catch {
      return undefined;
    }
    if (payload.typ !== TOKEN_TYPE) return undefined;
    if (payload.role !== 'customer' && payload.role !== 'admin') return undefined;
    if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return undefined;
    if (typeof payload.exp !== 'number') return undefined;
    // fast-jwt does not look at iat: a token "issued" later than now was not issued by a sane clock of ours.
    if (typeof payload.iat !== 'number' || payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) return undefined;
    return {
      userId: payload.sub,
      role: payload.role,
      sessionId: payload.sid,
      jti: payload.jti,
      expiresAt: new Date(payload.exp * 1000),
    };
  }
}
