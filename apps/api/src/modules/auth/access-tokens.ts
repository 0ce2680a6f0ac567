import { randomUUID } from 'node:crypto';
import type { Role } from '@emporium/contracts';
import { jwtVerify, SignJWT } from 'jose';

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

/** Short-lived HS256 JWTs. The algorithm is pinned on verify, and every claim is required. */
export class AccessTokens {
  private readonly key: Uint8Array;

  constructor(private readonly settings: AccessTokenSettings) {
    this.key = new TextEncoder().encode(settings.secret);
  }

  get ttlSeconds(): number {
    return this.settings.ttlSeconds;
  }

  async issue(subject: { userId: string; role: Role; sessionId: string }): Promise<string> {
    return new SignJWT({ role: subject.role, sid: subject.sessionId, typ: TOKEN_TYPE })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject.userId)
      .setJti(randomUUID())
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt()
      .setExpirationTime(`${this.settings.ttlSeconds}s`)
      .sign(this.key);
  }

  /** Returns the claims, or undefined for anything forged, expired, of another type or malformed. */
  async verify(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['sub', 'role', 'jti', 'typ', 'iss', 'aud', 'iat', 'exp', 'sid'],
      });
      if (payload.typ !== TOKEN_TYPE) return undefined;
      if (payload.role !== 'customer' && payload.role !== 'admin') return undefined;
      if (typeof payload.sid !== 'string' || typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return undefined;
      return {
        userId: payload.sub,
        role: payload.role,
        sessionId: payload.sid,
        jti: payload.jti,
        expiresAt: new Date((payload.exp as number) * 1000),
      };
    } catch {
      return undefined;
    }
  }
}
