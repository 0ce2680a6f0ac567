import { ErrorCode, type FieldError } from '@emporium/contracts';

/** A security event to log when this error is raised (auth failures, token reuse, denials). */
export interface SecurityEvent {
  event: string;
  [key: string]: unknown;
}

/**
 * The one error type business code throws. The central error handler turns it into the
 * API error body; `code` is stable and documented, `detail` is safe to show a user.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;
  readonly securityEvent?: SecurityEvent;
  /** Extra fields for the error body, e.g. the short items of OUT_OF_STOCK. */
  readonly extra?: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      securityEvent?: SecurityEvent;
      extra?: Record<string, unknown>;
    } = {},
  ) {
    super(detail);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers;
    this.securityEvent = options.securityEvent;
    this.extra = options.extra;
  }
}

export class ValidationFailedError extends AppError {
  constructor(errors: FieldError[], detail = 'The request is not valid') {
    super(422, ErrorCode.ValidationFailed, detail, { errors });
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, detail: string) {
    super(404, code, detail);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(detail = 'Authentication is required', code: string = ErrorCode.Unauthenticated, securityEvent?: SecurityEvent) {
    super(401, code, detail, { securityEvent, headers: { 'www-authenticate': 'Bearer' } });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'You are not allowed to do this', code: string = ErrorCode.Forbidden, securityEvent?: SecurityEvent) {
    super(403, code, detail, { securityEvent });
  }
}

export class ConflictError extends AppError {
  constructor(code: string, detail: string) {
    super(409, code, detail);
  }
}

export class RateLimitedError extends AppError {
  constructor(retryAfterSeconds: number, securityEvent?: SecurityEvent, what = 'attempts') {
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    super(429, ErrorCode.RateLimited, `Too many ${what}; try again in ${seconds} s`, {
      headers: { 'retry-after': String(seconds) },
      securityEvent,
    });
  }
}
