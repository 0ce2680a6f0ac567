import { ErrorCode } from '@emporium/contracts';
import { ConflictError, NotFoundError } from '../../errors.js';

export class ProductNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.ProductNotFound, 'No such product');
  }
}

export class SkuTakenError extends ConflictError {
  constructor(sku: string) {
    super(ErrorCode.SkuTaken, `The SKU '${sku}' is already in use`);
  }
}
