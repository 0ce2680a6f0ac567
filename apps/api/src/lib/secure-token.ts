import { createHash, randomBytes } from 'node:crypto';

/** 256 bits of randomness, URL-safe: refresh, verification and reset tokens. */
export function generateSecureToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored; a database leak does not reveal usable tokens. */
export function hashSecureToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
