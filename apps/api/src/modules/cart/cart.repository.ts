import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type CartItemRow, cartItems, products, productViews } from '../../db/schema/index.js';
import { productJson, productViewOfProduct } from '../products/product-view.js';

/**
 * A cart's lines, oldest first, each with what decides its flags now (its product's state) and
 * the product's stored JSON view. Every cart read runs it: built once per handle (`prepared`).
 */
export function cartLinesWithProducts(db: Db, userId: string) {
  return prepared(db, 'cart-lines', (name) =>
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
}

/** What adding to a line saw: the product (none when it is not on sale), the line before, and the quantity saved (null: refused). */
interface AddOutcome {
  name: string;
  stock: number;
  existing: number | null;
  saved: number | null;
}

/**
 * Adds `quantity` of a product on sale to the buyer's line of it, in one statement: the new
 * quantity is checked against the stock and `maxLine` as the line is written (`ON CONFLICT …
 * WHERE` sees the latest line), so two adds at once can never together pass either. A new line
 * past the cart's line limit is refused by the table's trigger (migration 0015).
 */
export async function addToLine(
  db: Db,
  userId: string,
  productId: string,
  quantity: number,
  maxLine: number,
): Promise<AddOutcome | undefined> {
  const [outcome] = rowsOf<AddOutcome>(
    await db.execute(sql`
      with product as (
        select id, name, price_cents, stock_quantity from ${products}
        where id = ${productId}::uuid and is_active
      ), saved as (
        insert into ${cartItems} (user_id, product_id, quantity, added_price_cents)
        select ${userId}::uuid, p.id, ${quantity}::int, p.price_cents from product p
        where ${quantity}::int <= least(p.stock_quantity, ${maxLine}::int)
        on conflict (user_id, product_id) do update
          set quantity = cart_items.quantity + excluded.quantity, updated_at = now()
          where cart_items.quantity + excluded.quantity <= least((select stock_quantity from product), ${maxLine}::int)
        returning quantity
      )
      select p.name, p.stock_quantity as stock,
        (select quantity from ${cartItems} where user_id = ${userId}::uuid and product_id = p.id) as existing,
        (select quantity from saved) as saved
      from product p`),
  );
  return outcome && { ...outcome, stock: Number(outcome.stock) };
}

export async function findCartLine(db: Db, userId: string, productId: string): Promise<CartItemRow | undefined> {
  const [line] = await db
    .select()
    .from(cartItems)
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
  return line;
}

export async function setLineQuantity(db: Db, userId: string, productId: string, quantity: number): Promise<void> {
  await db
    .update(cartItems)
    .set({ quantity, updatedAt: sql`now()` })
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)));
}

/** Whether the line was there to remove. */
export async function removeLine(db: Db, userId: string, productId: string): Promise<boolean> {
  const removed = await db
    .delete(cartItems)
    .where(and(eq(cartItems.userId, userId), eq(cartItems.productId, productId)))
    .returning({ productId: cartItems.productId });
  return removed.length > 0;
}

export async function emptyCart(db: Db, userId: string): Promise<void> {
  await db.delete(cartItems).where(eq(cartItems.userId, userId));
}

/*
 * The cart's parts of the checkout statement (orders/checkout.ts): it reads a buyer's lines and,
 * once the order is written, empties the cart, in the same statement.
 */

/**
 * A buyer's cart lines (`product_id`, `quantity`): checkout locks them with their products, in
 * product-id order. Keep it a plain select of `cart_items` (no order, limit or join): PostgreSQL
 * then folds it into the locking query, and the cart rows are locked in that query's order.
 */
export function cartLinesOf(userId: string): SQL {
  return sql`select product_id, quantity from cart_items where user_id = ${userId}::uuid`;
}

/** Empties the buyer's cart when `placed` holds the order made of it. */
export function cartEmptiedAfter(userId: string, placed: SQL): SQL {
  return sql`delete from cart_items where user_id = ${userId}::uuid and exists (select from ${placed})`;
}
