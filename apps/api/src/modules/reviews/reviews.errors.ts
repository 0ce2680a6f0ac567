import { ErrorCode } from '@emporium/contracts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.js';

export class ReviewNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.ReviewNotFound, 'No such review');
  }
}

export class ReviewExistsError extends ConflictError {
  constructor() {
    super(ErrorCode.ReviewExists, 'You have already reviewed this product; edit that review instead');
  }
}

/** Reviews count towards a product's rating: only owners of a proven mailbox may write one. */
export class ReviewerNotVerifiedError extends ForbiddenError {
  constructor() {
    super('Confirm your e-mail address before writing a review', ErrorCode.EmailNotVerified);
  }
}
