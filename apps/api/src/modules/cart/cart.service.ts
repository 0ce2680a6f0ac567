import type { AddCartItemInput, Cart, CartLine, CartLineIssue, Product } from '@emporium/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type CartItemRow, cartItems, products, productViews } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import { productJson, productViewOfProduct } from '../products/product-view.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { findProductById } from '../products/products.repository.js';
import { CartItemNotFoundError, InsufficientStockError } from './cart.errors.js';

const MAX_LINE_QUANTITY = 999;

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

/** The signed-in customer's cart, always shown at today's prices and stock. */
export class CartService {
  constructor(private readonly deps: CartServiceDeps) {}

  async get(userId: string): Promise<Cart> {
    const { db } = this.deps;
    const lines = await prepared(db, 'cart-lines', (name) =>
      db
        .select({
          line: cartItems,
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
    const items: CartLine[] = lines.map(({ line, product: p, json }) => ({
      product: JSON.parse(json) as Product,
      quantity: line.quantity,
      unitPriceCents: p.priceCents,
      lineTotalCents: p.priceCents * line.quantity,
      addedPriceCents: line.addedPriceCents,
      availableQuantity: p.isActive ? p.stockQuantity : 0,
      issues: lineIssues(line, p),
    }));
    const buyable = items.filter((i) => !i.issues.some((issue) => issue !== 'price_changed'));
    return {
      items,
      subtotalCents: buyable.reduce((sum, i) => sum + i.lineTotalCents, 0),
      itemCount: items.reduce((sum, i) => sum + i.quantity, 0),
      currency: this.deps.currency,
    };
  }

  /**
   * Adds to any existing line of the same product, in one statement: the new quantity is
   * checked against the stock and the line limit as the line is written (`ON CONFLICT … WHERE`
   * sees the latest line), so two adds at once can never together pass either.
   */
  async add(userId: string, input: AddCartItemInput): Promise<Cart> {
    const [outcome] = rowsOf<{ name: string; stock: number; existing: number | null; saved: number | null }>(
      await this.deps.db.execute(sql`
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
        from product p`),
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

  async setQuantity(userId: string, productId: string, quantity: number): Promise<Cart> {
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

  async remove(userId: string, productId: string): Promise<Cart> {
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
