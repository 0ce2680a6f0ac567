import { ErrorCode } from '@emporium/contracts';
import { AppError, ConflictError, NotFoundError, ValidationFailedError } from '../../errors.js';

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.UserNotFound, 'No such user');
  }
}

export class EmailAlreadyRegisteredError extends ConflictError {
  constructor() {
    super(ErrorCode.EmailAlreadyRegistered, 'An account with this e-mail address already exists');
  }
}

export class CannotModifySelfError extends AppError {
  constructor(what: string) {
    super(409, ErrorCode.CannotModifySelf, `Administrators cannot ${what} their own account`);
  }
}

export class CommonPasswordError extends ValidationFailedError {
  constructor(field: string) {
    super([{ field, message: 'is one of the most common passwords; choose another' }], 'The password is too common');
  }
}

/** ADMIN_EMAIL / create-admin named an account whose owner never proved the mailbox. */
export class AdminAccountUnverifiedError extends AppError {
  constructor(email: string) {
    super(
      409,
      ErrorCode.AdminAccountUnverified,
      `${email} belongs to an account whose address was never verified, so it is not made an administrator ` +
        '(anyone can register an address they do not own). Prove the mailbox first: have that account verified ' +
        "(its verification link, or 'Forgot password', whose link also verifies) or delete it, then run this again.",
    );
  }
}
