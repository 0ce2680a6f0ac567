import { ErrorCode, type ShortItem } from '@emporium/contracts';
import { AppError, ForbiddenError, NotFoundError } from '../../errors.js';

export type { ShortItem };

export class OutOfStockError extends AppError {
  constructor(items: ShortItem[]) {
    const detail = items.map((i) => (i.available > 0 ? `Only ${i.available} left of '${i.name}'` : `'${i.name}' is sold out`)).join('; ');
    super(409, ErrorCode.OutOfStock, detail, { extra: { items } });
  }
}

export class CartEmptyError extends AppError {
  constructor() {
    super(400, ErrorCode.CartEmpty, 'Your cart is empty');
  }
}

export class EmailNotVerifiedError extends ForbiddenError {
  constructor() {
    super('Confirm your e-mail address before placing an order', ErrorCode.EmailNotVerified);
  }
}

export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super(ErrorCode.OrderNotFound, 'No such order');
  }
}

export class IllegalStatusTransitionError extends AppError {
  constructor(from: string, to: string, allowed: string[]) {
    super(
      409,
      ErrorCode.IllegalStatusTransition,
      `An order that is ${from} cannot become ${to}${allowed.length ? ` (it can become: ${allowed.join(', ')})` : ''}`,
      {
        extra: { allowed },
      },
    );
  }
}

export class OrderTooLargeError extends AppError {
  constructor(maxCents: number) {
    super(422, ErrorCode.OrderTooLarge, `One order may come to at most ${maxCents} cents; split the cart into several orders`, {
      errors: [{ field: 'cart', message: `the total must not exceed ${maxCents} cents` }],
    });
  }
}
