import { ErrorCode } from '@emporium/contracts';
import { AppError, NotFoundError } from '../../errors.js';

export class InsufficientStockError extends AppError {
  constructor(name: string, available: number) {
    super(409, ErrorCode.InsufficientStock, available > 0 ? `Only ${available} left of '${name}'` : `'${name}' is sold out`, {
      extra: { available },
    });
  }
}

export class CartFullError extends AppError {
  constructor(maxLines: number) {
    super(409, ErrorCode.CartFull, `A cart holds at most ${maxLines} different products`, { extra: { maxLines } });
  }
}

export class CartItemNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.CartItemNotFound, 'That product is not in your cart');
  }
}
