import { ErrorCode } from '@emporium/contracts';
import { ConflictError, NotFoundError } from '../../errors.js';

export class CategoryNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.CategoryNotFound, 'No such category');
  }
}

export class CategoryInUseError extends ConflictError {
  constructor(reason: string) {
    super(ErrorCode.CategoryInUse, `The category cannot be deleted: ${reason}`);
  }
}

export class SlugTakenError extends ConflictError {
  constructor(slug: string) {
    super(ErrorCode.SlugTaken, `The slug '${slug}' is already in use`);
  }
}
