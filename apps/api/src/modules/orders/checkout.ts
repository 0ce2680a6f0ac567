import type { CheckoutInput, Order } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import { newOrderNumber } from './order-number.js';
import { toOrder } from './order-view.js';
import { CartEmptyError, EmailNotVerifiedError, OrderTooLargeError, OutOfStockError, type ShortItem } from './orders.errors.js';

export interface CheckoutDeps {
  db: Db;
  currency: string;
  lowStockThreshold: number;
  /**
   * `db` is a transaction (the idempotency claim's): each attempt then runs in a savepoint, so
   * an order number that is taken can be retried without aborting the whole transaction.
   */
  inTransaction: boolean;
}

/** A cart line with its product, as read (and locked) by the checkout statement. */
interface LockedLine {
  productId: string;
  quantity: number;
  name: string;
  sku: string;
  priceCents: number;
  stock: number;
  isActive: boolean;
}

interface CheckoutOutcome {
  verified: boolean | null;
  lines: LockedLine[] | null;
  /** Whether the subtotal fits the order's 32-bit money columns. */
  fits: boolean | null;
  orderId: string | null;
  createdMs: number | string | null;
}

/**
 * The most one order may come to: its money columns are 32-bit integers. A documented price
 * (up to 1,000,000.00) times a documented quantity (up to 999) can pass that, so the sums are
 * taken in 64 bits and an order above this is refused (422) before anything is written.
 */
export const MAX_ORDER_CENTS = 2_147_483_647;

/** Attempts at a fresh order number: 40 random bits make even a second one rare. */
const ORDER_NUMBER_ATTEMPTS = 5;

/**
 * Turns the caller's cart into an order in one statement, so one round trip:
 * 1. `locked` reads the cart lines with their products and locks both, in product-id order
 *    (every checkout locks in that order, so none deadlock); prices and stock come from these
 *    rows, never from the client;
 * 2. `verdict` decides: a verified buyer, a cart that is not empty, and enough of every line;
 * 3. only then do the writes happen: take the stock, insert the order, its lines and first
 *    status, empty the cart, record the events and queue the confirmation mail.
 * `verdict` aggregates all of `locked`, and every write is gated on it, so all locks are taken
 * before anything is written. Nothing is written unless all of it is; the statement is its
 * own transaction. The caller learns why from what `locked` and `verdict` saw.
 */
export async function checkout(deps: CheckoutDeps, userId: string, input: CheckoutInput): Promise<Order> {
  for (let attempt = 1; ; attempt++) {
    try {
      const orderNumber = newOrderNumber();
      return deps.inTransaction
        ? await deps.db.transaction((savepoint) => placeOrder({ ...deps, db: savepoint }, userId, input, orderNumber))
        : await placeOrder(deps, userId, input, orderNumber);
    } catch (err) {
      if (attempt < ORDER_NUMBER_ATTEMPTS && violatedUniqueConstraint(err) === 'orders_order_number_key') continue;
      throw err;
    }
  }
}

async function placeOrder(deps: CheckoutDeps, userId: string, input: CheckoutInput, orderNumber: string): Promise<Order> {
  const { currency, lowStockThreshold: threshold } = deps;
  const shippingAddress = { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? '', phone: input.shippingAddress.phone ?? '' };
  const note = input.note ?? '';
  const [outcome] = rowsOf<CheckoutOutcome>(
    await deps.db.execute(sql`
      with locked as materialized (
        select c.product_id as "productId", c.quantity, p.name, p.sku, p.price_cents as "priceCents",
          p.stock_quantity as stock, p.is_active as "isActive"
        from cart_items c join products p on p.id = c.product_id
        where c.user_id = ${userId}::uuid
        order by c.product_id
        for update of c, p
      ), verdict as (
        select (select is_verified from users where id = ${userId}::uuid) as verified,
          count(*) > 0 and bool_and("isActive" and stock >= quantity) as buyable,
          coalesce(sum("priceCents"::bigint * quantity), 0) <= ${MAX_ORDER_CENTS}::bigint as fits,
          sum("priceCents"::bigint * quantity) as subtotal, sum(quantity)::int as "itemCount"
        from locked
      ), go as (
        select subtotal, "itemCount" from verdict where verified and buyable and fits
      ), taken as (
        update products p set stock_quantity = p.stock_quantity - l.quantity
        from locked l, go where p.id = l."productId"
      ), placed as (
        insert into orders (order_number, user_id, subtotal_cents, total_cents, item_count, currency, shipping_address, note)
        select ${orderNumber}, ${userId}::uuid, subtotal, subtotal, "itemCount", ${currency},
          ${JSON.stringify(shippingAddress)}::jsonb, ${note}
        from go
        returning id, total_cents, created_at
      ), placed_items as (
        insert into order_items (order_id, product_id, name, sku, unit_price_cents, quantity, line_total_cents)
        select placed.id, l."productId", l.name, l.sku, l."priceCents", l.quantity, l."priceCents"::bigint * l.quantity
        from placed, locked l
      ), history as (
        insert into order_status_history (order_id, from_status, to_status, actor_id)
        select id, null, 'pending', ${userId}::uuid from placed
      ), emptied as (
        delete from cart_items where user_id = ${userId}::uuid and exists (select from placed)
      ), events as (
        insert into domain_events (type, actor_id, subject_type, subject_id, payload)
        select 'order.placed', ${userId}::uuid, 'order', placed.id, jsonb_build_object(
          'orderNumber', ${orderNumber}::text, 'totalCents', placed.total_cents, 'currency', ${currency}::text,
          'items', (select jsonb_agg(jsonb_build_object('productId', "productId", 'quantity', quantity) order by "productId") from locked))
        from placed
        union all
        select 'product.low_stock', ${userId}::uuid, 'product', l."productId", jsonb_build_object(
          'name', l.name, 'sku', l.sku, 'stockQuantity', l.stock - l.quantity, 'threshold', ${threshold}::int)
        from placed, locked l
        where l.stock > ${threshold}::int and l.stock - l.quantity <= ${threshold}::int
      ), mail as (
        insert into mail_outbox (template, recipient, data)
        select 'order-placed', u.email, jsonb_build_object(
          'fullName', u.full_name, 'orderNumber', ${orderNumber}::text, 'totalCents', placed.total_cents, 'currency', ${currency}::text,
          'lines', (select jsonb_agg(jsonb_build_object('name', name, 'quantity', quantity, 'lineTotalCents', "priceCents"::bigint * quantity)
                    order by "productId") from locked))
        from placed, users u where u.id = ${userId}::uuid
      )
      select verdict.verified, verdict.fits, (select jsonb_agg(to_jsonb(locked) order by "productId") from locked) as lines,
        placed.id as "orderId", (extract(epoch from placed.created_at) * 1000)::float8 as "createdMs"
      from verdict left join placed on true`),
  );
  if (!outcome?.verified) throw new EmailNotVerifiedError();
  const lines = outcome.lines ?? [];
  if (lines.length === 0) throw new CartEmptyError();
  if (!outcome.fits) throw new OrderTooLargeError(MAX_ORDER_CENTS);
  if (!outcome.orderId) throw new OutOfStockError(shortOf(lines));
  const at = new Date(Number(outcome.createdMs));
  const items = lines.map((l) => ({
    productId: l.productId,
    name: l.name,
    sku: l.sku,
    unitPriceCents: l.priceCents,
    quantity: l.quantity,
    lineTotalCents: l.priceCents * l.quantity,
  }));
  const subtotalCents = items.reduce((sum, i) => sum + i.lineTotalCents, 0);
  // The rows the statement wrote, as it wrote them: the same view as any order read back.
  const order = {
    id: outcome.orderId,
    orderNumber,
    status: 'pending' as const,
    subtotalCents,
    totalCents: subtotalCents,
    currency,
    shippingAddress,
    note,
    userId,
    createdAt: at,
    updatedAt: at,
  };
  return toOrder(order, items, [{ fromStatus: null, toStatus: 'pending', actorId: userId, createdAt: at }]);
}

/** Every line the stock cannot cover, with what there is (nothing, for a product taken off sale). */
function shortOf(lines: LockedLine[]): ShortItem[] {
  return lines
    .filter((l) => !l.isActive || l.stock < l.quantity)
    .map((l) => ({ productId: l.productId, name: l.name, requested: l.quantity, available: l.isActive ? l.stock : 0 }));
}
