import type { OrderFilter, OrderStatus, ShippingAddress } from '@emporium/contracts';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  type OrderItemRow,
  type OrderRow,
  type OrderStatusHistoryRow,
  orderItems,
  orderStatusHistory,
  orders,
} from '../../db/schema/index.js';

/*
 * The orders' parts of the checkout statement (checkout.ts): the order, its lines and its first
 * status, written from the steps before them.
 */

export interface NewOrder {
  orderNumber: string;
  userId: string;
  currency: string;
  shippingAddress: ShippingAddress;
  note: string;
}

/** Inserts the order when `go` has its row (`subtotal`, `itemCount`); returns `id, total_cents, created_at`. */
export function orderPlaced(order: NewOrder, go: SQL): SQL {
  return sql`
    insert into orders (order_number, user_id, subtotal_cents, total_cents, item_count, currency, shipping_address, note)
    select ${order.orderNumber}, ${order.userId}::uuid, subtotal, subtotal, "itemCount", ${order.currency},
      ${JSON.stringify(order.shippingAddress)}::jsonb, ${order.note}
    from ${go}
    returning id, total_cents, created_at`;
}

/** One order line per `locked` line (`productId, name, sku, priceCents, quantity`), at its price now. */
export function orderLinesWritten(placed: SQL, locked: SQL): SQL {
  return sql`
    insert into order_items (order_id, product_id, name, sku, unit_price_cents, quantity, line_total_cents)
    select placed.id, l."productId", l.name, l.sku, l."priceCents", l.quantity, l."priceCents"::bigint * l.quantity
    from ${placed} placed, ${locked} l`;
}

/** The placed order's first status, `pending`, set by `actorId`. */
export function firstStatusRecorded(placed: SQL, actorId: string): SQL {
  return sql`
    insert into order_status_history (order_id, from_status, to_status, actor_id)
    select id, null, 'pending', ${actorId}::uuid from ${placed}`;
}

export async function lockOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id)).for('update');
  return row;
}

export async function findOrder(db: Db, id: string): Promise<OrderRow | undefined> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  return row;
}

export async function itemsAndHistoryOf(
  db: Db,
  orderIds: string[],
): Promise<{ items: Map<string, OrderItemRow[]>; history: Map<string, OrderStatusHistoryRow[]> }> {
  const items = new Map<string, OrderItemRow[]>();
  const history = new Map<string, OrderStatusHistoryRow[]>();
  if (orderIds.length === 0) return { items, history };
  for (const row of await db.select().from(orderItems).where(inArray(orderItems.orderId, orderIds)).orderBy(asc(orderItems.name))) {
    items.set(row.orderId, [...(items.get(row.orderId) ?? []), row]);
  }
  for (const row of await db
    .select()
    .from(orderStatusHistory)
    .where(inArray(orderStatusHistory.orderId, orderIds))
    .orderBy(asc(orderStatusHistory.createdAt))) {
    history.set(row.orderId, [...(history.get(row.orderId) ?? []), row]);
  }
  return { items, history };
}

/** Conditions for a list or export; `from`/`to` are whole days in the store's time zone. */
export function orderConditions(filter: OrderFilter & { ownerId?: string }, timezone: string): SQL[] {
  const conditions: SQL[] = [];
  if (filter.ownerId) conditions.push(eq(orders.userId, filter.ownerId));
  if (filter.userId) conditions.push(eq(orders.userId, filter.userId));
  if (filter.status) conditions.push(eq(orders.status, filter.status));
  if (filter.from) conditions.push(sql`${orders.createdAt} >= (${filter.from}::date)::timestamp at time zone ${timezone}`);
  if (filter.to) conditions.push(sql`${orders.createdAt} < ((${filter.to}::date + 1)::timestamp at time zone ${timezone})`);
  return conditions;
}

export async function listOrdersPage(
  db: Db,
  conditions: SQL[],
  limit: number,
  after?: { createdAt: string; id: string },
): Promise<OrderRow[]> {
  const all = [...conditions];
  if (after) all.push(sql`(${orders.createdAt}, ${orders.id}) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`);
  return db
    .select()
    .from(orders)
    .where(all.length ? and(...all) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit);
}

export async function countOrders(db: Db, conditions: SQL[]): Promise<number> {
  return db.$count(orders, conditions.length ? and(...conditions) : undefined);
}

export async function setOrderStatus(db: Db, order: OrderRow, to: OrderStatus, actorId: string | null): Promise<OrderRow> {
  const [row] = await db.update(orders).set({ status: to, updatedAt: sql`now()` }).where(eq(orders.id, order.id)).returning();
  await db.insert(orderStatusHistory).values({ orderId: order.id, fromStatus: order.status, toStatus: to, actorId });
  if (!row) throw new Error('order vanished while locked');
  return row;
}

/** What an order took from each product, in product-id order. */
export function quantitiesOf(db: Db, orderId: string): Promise<{ productId: string; quantity: number }[]> {
  return db
    .select({ productId: orderItems.productId, quantity: orderItems.quantity })
    .from(orderItems)
    .where(eq(orderItems.orderId, orderId))
    .orderBy(asc(orderItems.productId));
}

/** What stays of an erased shipping address: the country, for revenue by tax jurisdiction. */
const ERASED_ADDRESS = sql`jsonb_build_object(
  'fullName', '', 'line1', '', 'line2', '', 'city', '', 'postalCode', '', 'phone', '',
  'country', coalesce(${orders.shippingAddress}->>'country', ''))`;

/** Erases the names, addresses, phones and notes of a customer's orders; the rest stays for bookkeeping. */
export async function eraseOrderAddressesOf(db: Db, userId: string): Promise<void> {
  await db.update(orders).set({ shippingAddress: ERASED_ADDRESS, note: '', updatedAt: sql`now()` }).where(eq(orders.userId, userId));
}
