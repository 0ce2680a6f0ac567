import { ErrorCode } from '@emporium/contracts';
import { AppError, UnauthenticatedError } from '../../errors.js';
import { maskEmail } from '../../lib/mask-email.js';

export class InvalidCredentialsError extends UnauthenticatedError {
  constructor(reason: string, email: string) {
    // One answer for unknown e-mail, wrong password and disabled account; the reason is only logged,
    // and the address only masked (logs travel further than the database).
    super('The e-mail address or password is incorrect', ErrorCode.InvalidCredentials, {
      event: 'security.login_failed',
      reason,
      account: maskEmail(email),
    });
  }
}

/**
 * Every refused refresh token gets this one answer, whatever was wrong with it (unknown,
 * expired, already used, an access token, its session ended): the reason is only logged.
 */
const REFRESH_TOKEN_REFUSED = 'The refresh token is invalid or has expired; sign in again';

export class RefreshTokenInvalidError extends UnauthenticatedError {
  constructor(reason: string) {
    super(REFRESH_TOKEN_REFUSED, ErrorCode.RefreshTokenInvalid, { event: 'security.refresh_failed', reason });
  }
}

/** A rotated token presented again: its whole session has just been ended. Logged apart, answered alike. */
export class RefreshTokenReusedError extends UnauthenticatedError {
  constructor(sessionId: string, userId: string | undefined) {
    super(REFRESH_TOKEN_REFUSED, ErrorCode.RefreshTokenInvalid, { event: 'security.refresh_token_reuse', sessionId, userId });
  }
}

/** Every refused access token gets this one answer (see RefreshTokenInvalidError); the reason is only logged. */
export class AccessTokenInvalidError extends UnauthenticatedError {
  constructor(reason: string) {
    super('The access token is invalid, expired or revoked', ErrorCode.Unauthenticated, {
      event: 'security.access_token_rejected',
      reason,
    });
  }
}

export class TokenInvalidError extends AppError {
  constructor(what: string) {
    super(400, ErrorCode.TokenInvalid, `The ${what} link is invalid, already used or expired`);
  }
}

export class CurrentPasswordIncorrectError extends AppError {
  constructor() {
    super(422, ErrorCode.CurrentPasswordIncorrect, 'The current password is incorrect', {
      errors: [{ field: 'currentPassword', message: 'is incorrect' }],
      securityEvent: { event: 'security.change_password_failed' },
    });
  }
}

export class OriginNotAllowedError extends AppError {
  constructor(provenance: { origin: string | undefined; fetchSite: string | undefined }) {
    super(403, ErrorCode.OriginNotAllowed, 'This request is only accepted from the shop itself', {
      securityEvent: { event: 'security.origin_refused', ...provenance },
    });
  }
}
