import type { AddCartItemInput, Cart, CartLine, CartLineIssue, Product } from '@emporium/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type CartItemRow, cartItems, products, productViews } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import type { Json } from '../../lib/json-text.js';
import { violatedCheckConstraint } from '../../lib/pg-errors.js';
import { productJson, productViewOfProduct } from '../products/product-view.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { findProductById } from '../products/products.repository.js';
import { CartFullError, CartItemNotFoundError, InsufficientStockError } from './cart.errors.js';

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
    const { db } = this.deps;
    const lines = await prepared(db, 'cart-lines', (name) =>
      db
        .select({
          line: { quantity: cartItems.quantity, addedPriceCents: cartItems.addedPriceCents },
          product: { isActive: products.isActive, stockQuantity: products.stockQuantity, priceCents: products.priceCents },
          json: productJson(false),
        })
        .from(cartItems)
        .innerJoin(products, eq(products.id, cartItems.productId))
        .innerJoin(productViews, productViewOfProduct)
        .where(eq(cartItems.userId, sql.placeholder('userId')))
        .orderBy(asc(cartItems.createdAt), asc(cartItems.productId))
        .prepare(name),
    ).execute({ userId });
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

  /**
   * Adds to any existing line of the same product, in one statement: the new quantity is
   * checked against the stock and the line limit as the line is written (`ON CONFLICT … WHERE`
   * sees the latest line), so two adds at once can never together pass either. A new line past
   * MAX_CART_LINES is refused by the table's trigger.
   */
  async add(userId: string, input: AddCartItemInput): Promise<Json<Cart>> {
    const adding = this.deps.db.execute(sql`
        with product as (
          select id, name, price_cents, stock_quantity from ${products}
          where id = ${input.productId}::uuid and is_active
        ), saved as (
          insert into ${cartItems} (user_id, product_id, quantity, added_price_cents)
          select ${userId}::uuid, p.id, ${input.quantity}::int, p.price_cents from product p
          where ${input.quantity}::int <= least(p.stock_quantity, ${MAX_LINE_QUANTITY}::int)
          on conflict (user_id, product_id) do update
            set quantity = cart_items.quantity + excluded.quantity, updated_at = now()
            where cart_items.quantity + excluded.quantity <= least((select stock_quantity from product), ${MAX_LINE_QUANTITY}::int)
          returning quantity
        )
        select p.name, p.stock_quantity as stock,
          (select quantity from ${cartItems} where user_id = ${userId}::uuid and product_id = p.id) as existing,
          (select quantity from saved) as saved
        from product p`);
    const [outcome] = rowsOf<{ name: string; stock: number; existing: number | null; saved: number | null }>(
      await adding.catch(asCartFull),
    );
    if (!outcome) throw new ProductNotFoundError();
    if (outcome.saved === null) {
      const product = { name: outcome.name, stockQuantity: Number(outcome.stock) };
      this.checkQuantity(Number(outcome.existing ?? 0) + input.quantity, product);
      // Another request for the same line got in between: the sum no longer fits.
      throw new InsufficientStockError(product.name, product.stockQuantity);
    }
    return this.get(userId);
  }

  async setQuantity(userId: string, productId: string, quantity: number): Promise<Json<Cart>> {
    await this.deps.db.transaction(async (tx) => {
      const [line] = await tx
        .select()
        .from(cartItems)
        .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
      if (!line) throw new CartItemNotFoundError();
      this.checkQuantity(quantity, await this.buyableProduct(tx, productId));
      await tx
        .update(cartItems)
        .set({ quantity, updatedAt: sql`now()` })
        .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
    });
    return this.get(userId);
  }

  async remove(userId: string, productId: string): Promise<Json<Cart>> {
    const removed = await this.deps.db
      .delete(cartItems)
      .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)))
      .returning();
    if (removed.length === 0) throw new CartItemNotFoundError();
    return this.get(userId);
  }

  async clear(userId: string): Promise<void> {
    await this.deps.db.delete(cartItems).where(eq(cartItems.userId, userId));
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
