import type { UpdateProductInput } from '@emporium/contracts';
import { ValidationFailedError } from '../../errors.js';
import { StockChangedError } from './products.errors.js';

/** An admin's stock edit, checked against the stock as it is under the row lock. */
export type StockEdit = { set: number; expected: number } | { adjust: number } | undefined;

/**
 * Reads the stock fields of an update. Stock changes between an admin reading it and saving
 * (checkout takes it), so an edit is either "set to N if it is still M" or "adjust by ±N";
 * a bare "set to N" would silently undo the sales made meanwhile.
 */
export function stockEditOf(input: UpdateProductInput): StockEdit {
  const { stockQuantity, expectedStockQuantity, stockAdjustment } = input;
  if (stockAdjustment !== undefined && stockQuantity !== undefined) {
    throw new ValidationFailedError([{ field: 'stockAdjustment', message: 'cannot be combined with stockQuantity' }]);
  }
  if (stockQuantity === undefined && expectedStockQuantity !== undefined) {
    throw new ValidationFailedError([{ field: 'expectedStockQuantity', message: 'only goes with stockQuantity' }]);
  }
  if (stockQuantity !== undefined) {
    if (expectedStockQuantity === undefined) {
      throw new ValidationFailedError([
        { field: 'expectedStockQuantity', message: 'is required with stockQuantity (the stock the edit was based on)' },
      ]);
    }
    return { set: stockQuantity, expected: expectedStockQuantity };
  }
  return stockAdjustment === undefined ? undefined : { adjust: stockAdjustment };
}

/** The new stock, or a 409 saying what it is now. `current` must be read under the product's row lock. */
export function applyStockEdit(edit: NonNullable<StockEdit>, current: number): number {
  if ('set' in edit) {
    if (current !== edit.expected) {
      throw new StockChangedError(current, `The stock is now ${current}, not ${edit.expected}: it changed since it was read`);
    }
    return edit.set;
  }
  const next = current + edit.adjust;
  if (next < 0) throw new StockChangedError(current, `The stock is ${current}: it cannot go down by ${-edit.adjust}`);
  if (next > 1_000_000) throw new ValidationFailedError([{ field: 'stockAdjustment', message: 'would take the stock past 1000000' }]);
  return next;
}
