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
