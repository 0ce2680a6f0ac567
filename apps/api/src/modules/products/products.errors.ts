import { ErrorCode } from '@emporium/contracts';
import { AppError, ConflictError, NotFoundError } from '../../errors.js';

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

/** The stock is not what the edit assumed (a sale or another edit came first): reload and decide again. */
export class StockChangedError extends AppError {
  constructor(stockQuantity: number, detail: string) {
    super(409, ErrorCode.StockChanged, detail, { extra: { stockQuantity } });
  }
}
