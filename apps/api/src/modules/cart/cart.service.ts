import type { AddCartItemInput, Cart, CartLine, CartLineIssue, Product } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import type { CartItemRow } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import type { Json } from '../../lib/json-text.js';
import { violatedCheckConstraint } from '../../lib/pg-errors.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { findProductById } from '../products/products.repository.js';
import { CartFullError, CartItemNotFoundError, InsufficientStockError } from './cart.errors.js';
import { addToLine, cartLinesWithProducts, emptyCart, findCartLine, removeLine, setLineQuantity } from './cart.repository.js';

const MAX_LINE_QUANTITY = 999;
/** Different products in one cart; enforced by a trigger (migration 0015), which says why. */
export const MAX_CART_LINES = 500;

/** The trigger's refusal of a new line past MAX_CART_LINES (migration 0015), as the API's error. */
function asCartFull(err: unknown): never {
  if (violatedCheckConstraint(err) === 'cart_items_line_limit') throw new CartFullError(MAX_CART_LINES);
  throw err;
}

export interface CartServiceDeps {
  db: Db;
  currency: string;
}

/** What is wrong with a line now, compared with when it was added. */
export function lineIssues(
  line: Pick<CartItemRow, 'quantity' | 'addedPriceCents'>,
  product: { isActive: boolean; stockQuantity: number; priceCents: number },
): CartLineIssue[] {
  const issues: CartLineIssue[] = [];
  if (!product.isActive) issues.push('inactive');
  else if (product.stockQuantity === 0) issues.push('sold_out');
  else if (product.stockQuantity < line.quantity) issues.push('short');
  if (product.priceCents !== line.addedPriceCents) issues.push('price_changed');
  return issues;
}

/** A cart line as JSON: the product's JSON text, then the line's own fields. */
function cartLineJson(product: Json<Product>, line: Omit<CartLine, 'product'>): string {
  return `{"product":${product},${JSON.stringify(line).slice(1)}`;
}

/** The signed-in customer's cart, always shown at today's prices and stock. */
export class CartService {
  constructor(private readonly deps: CartServiceDeps) {}

  /**
   * The cart as JSON text. Each line's product is its stored view (see productJson), written
   * as PostgreSQL returns it: parsing every product, checking it against the schema and
   * serializing it again cost a 90-line cart ~1 ms of CPU per add and most of the garbage
   * collector's work (profiled). cart.test.ts holds the text to the strict `CartSchema`.
   */
  async get(userId: string): Promise<Json<Cart>> {
    const lines = await cartLinesWithProducts(this.deps.db, userId);
    let subtotalCents = 0;
    let itemCount = 0;
    const items = lines.map(({ line, product: p, json }) => {
      const issues = lineIssues(line, p);
      const lineTotalCents = p.priceCents * line.quantity;
      // A line that can be bought as is (a changed price is shown, not a reason not to buy).
      if (issues.every((issue) => issue === 'price_changed')) subtotalCents += lineTotalCents;
      itemCount += line.quantity;
      return cartLineJson(json, {
        quantity: line.quantity,
        unitPriceCents: p.priceCents,
        lineTotalCents,
        addedPriceCents: line.addedPriceCents,
        availableQuantity: p.isActive ? p.stockQuantity : 0,
        issues,
      });
    });
    return `{"items":[${items.join(',')}],"subtotalCents":${subtotalCents},"itemCount":${itemCount},"currency":${JSON.stringify(this.deps.currency)}}` as Json<Cart>;
  }

  /** Adds to any existing line of the same product; the stock and both limits hold under concurrent adds (see addToLine). */
  async add(userId: string, input: AddCartItemInput): Promise<Json<Cart>> {
    const outcome = await addToLine(this.deps.db, userId, input.productId, input.quantity, MAX_LINE_QUANTITY).catch(asCartFull);
    if (!outcome) throw new ProductNotFoundError();
    if (outcome.saved === null) {
      const product = { name: outcome.name, stockQuantity: outcome.stock };
      this.checkQuantity(Number(outcome.existing ?? 0) + input.quantity, product);
      // Another request for the same line got in between: the sum no longer fits.
      throw new InsufficientStockError(product.name, product.stockQuantity);
    }
    return this.get(userId);
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<Json<Cart>> {
    await this.deps.db.transaction(async (tx) => {
      const line = await findCartLine(tx, userId, productId);
      if (!line) throw new CartItemNotFoundError();
      this.checkQuantity(quantity, await this.buyableProduct(tx, productId));
      await setLineQuantity(tx, userId, productId, quantity);
    });
    return this.get(userId);
  }

  async remove(userId: string, productId: string): Promise<Json<Cart>> {
    const removed = await removeLine(this.deps.db, userId, productId);
    if (!removed) throw new CartItemNotFoundError();
    return this.get(userId);
  }

  async clear(userId: string): Promise<void> {
    await emptyCart(this.deps.db, userId);
  }

  private async buyableProduct(tx: Db, productId: string) {
    const product = await findProductById(tx, productId);
    if (!product?.isActive) throw new ProductNotFoundError();
    return product;
  }

  private checkQuantity(quantity: number, product: { name: string; stockQuantity: number }): void {
    if (quantity > MAX_LINE_QUANTITY) {
      throw new ValidationFailedError([{ field: 'quantity', message: `a cart line holds at most ${MAX_LINE_QUANTITY}` }]);
    }
    if (quantity > product.stockQuantity) throw new InsufficientStockError(product.name, product.stockQuantity);
  }
}
