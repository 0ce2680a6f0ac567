import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { orderItems, orders } from '../../db/schema/index.js';

const PAID_OR_LATER = ['paid', 'processing', 'shipped', 'delivered'] as const;

/** True when the user has a paid (or later, not refunded) order containing the product: a verified purchase. */
export async function hasPurchased(db: Db, userId: string, productId: string): Promise<boolean> {
  const [row] = await db
    .select({ found: sql<number>`1` })
    .from(orders)
    .innerJoin(orderItems, eq(orderItems.orderId, orders.id))
    .where(and(eq(orders.userId, userId), eq(orderItems.productId, productId), inArray(orders.status, [...PAID_OR_LATER])))
    .limit(1);
  return row !== undefined;
}
