import type { AddCartItemInput, Cart, CartLine, CartLineIssue } from '@emporium/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type CartItemRow, cartItems } from '../../db/schema/index.js';
import { ValidationFailedError } from '../../errors.js';
import type { ImageStorage } from '../images/image-storage.js';
import { toProduct } from '../products/product-view.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { byProductId, findProductsWithCategory, findProductWithCategory } from '../products/products.repository.js';
import { CartItemNotFoundError, InsufficientStockError } from './cart.errors.js';

const MAX_LINE_QUANTITY = 999;

export interface CartServiceDeps {
  db: Db;
  storage: ImageStorage;
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
    const { db, storage } = this.deps;
    const lines = await prepared(db, 'cart-lines', (name) =>
      db
        .select()
        .from(cartItems)
        .where(eq(cartItems.userId, sql.placeholder('userId')))
        .orderBy(asc(cartItems.createdAt), asc(cartItems.productId))
        .prepare(name),
    ).execute({ userId });
    const products = await findProductsWithCategory(
      db,
      lines.map((l) => l.productId),
    );
    const items: CartLine[] = [];
    for (const line of lines) {
      const row = products.get(line.productId);
      if (!row) continue;
      const p = row.product;
      items.push({
        product: toProduct(row, storage, false),
        quantity: line.quantity,
        unitPriceCents: p.priceCents,
        lineTotalCents: p.priceCents * line.quantity,
        addedPriceCents: line.addedPriceCents,
        availableQuantity: p.isActive ? p.stockQuantity : 0,
        issues: lineIssues(line, p),
      });
    }
    const buyable = items.filter((i) => !i.issues.some((issue) => issue !== 'price_changed'));
    return {
      items,
      subtotalCents: buyable.reduce((sum, i) => sum + i.lineTotalCents, 0),
      itemCount: items.reduce((sum, i) => sum + i.quantity, 0),
      currency: this.deps.currency,
    };
  }

  /** Adds to any existing line of the same product. */
  async add(userId: string, input: AddCartItemInput): Promise<Cart> {
    await this.deps.db.transaction(async (tx) => {
      const product = await this.buyableProduct(tx, input.productId);
      const [existing] = await tx
        .select()
        .from(cartItems)
        .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, input.productId)))
        .for('update');
      const quantity = (existing?.quantity ?? 0) + input.quantity;
      this.checkQuantity(quantity, product);
      await tx
        .insert(cartItems)
        .values({ userId, productId: input.productId, quantity, addedPriceCents: product.priceCents })
        .onConflictDoUpdate({ target: [cartItems.userId, cartItems.productId], set: { quantity, updatedAt: sql`now()` } });
    });
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
    const row = await findProductWithCategory(tx, byProductId(productId));
    if (!row?.product.isActive) throw new ProductNotFoundError();
    return row.product;
  }

  private checkQuantity(quantity: number, product: { name: string; stockQuantity: number }): void {
    if (quantity > MAX_LINE_QUANTITY) {
      throw new ValidationFailedError([{ field: 'quantity', message: `a cart line holds at most ${MAX_LINE_QUANTITY}` }]);
    }
    if (quantity > product.stockQuantity) throw new InsufficientStockError(product.name, product.stockQuantity);
  }
}
