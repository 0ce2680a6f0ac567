import { type SQL, sql } from 'drizzle-orm';

/*
 * The cart's parts of the checkout statement (orders/checkout.ts): it reads a buyer's lines and,
 * once the order is written, empties the cart, in the same statement.
 */

/** A buyer's cart lines (`product_id`, `quantity`): checkout locks them with their products. */
export function cartLinesOf(userId: string): SQL {
  return sql`select product_id, quantity from cart_items where user_id = ${userId}::uuid`;
}

/** Empties the buyer's cart when `placed` holds the order made of it. */
export function cartEmptiedAfter(userId: string, placed: SQL): SQL {
  return sql`delete from cart_items where user_id = ${userId}::uuid and exists (select from ${placed})`;
}
