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

export class RefreshTokenInvalidError extends UnauthenticatedError {
  constructor(reason: string) {
    super('The refresh token is invalid or has expired; sign in again', ErrorCode.RefreshTokenInvalid, {
      event: 'security.refresh_failed',
      reason,
    });
  }
}

export class RefreshTokenReusedError extends UnauthenticatedError {
  constructor(sessionId: string, userId: string | undefined) {
    super('This refresh token was already used; the session has been ended for safety', ErrorCode.RefreshTokenReused, {
      event: 'security.refresh_token_reuse',
      sessionId,
      userId,
    });
  }
}

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
  constructor(origin: string) {
    super(403, ErrorCode.OriginNotAllowed, 'Cookie-based requests are only accepted from the shop itself', {
      securityEvent: { event: 'security.origin_refused', origin },
    });
  }
}
