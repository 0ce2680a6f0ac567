import type { CheckoutInput, Order } from '@emporium/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { ref, withSteps } from '../../db/steps.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import { cartEmptiedAfter, cartLinesOf } from '../cart/cart.repository.js';
import { eventsRecorded } from '../events/domain-events.js';
import { mailQueued } from '../mail/mail.outbox.js';
import { linesLockedForSale, stockTakenFor } from '../products/products.repository.js';
import { buyerOf } from '../users/users.repository.js';
import { newOrderNumber } from './order-number.js';
import { toOrder } from './order-view.js';
import { CartEmptyError, EmailNotVerifiedError, OrderTooLargeError, OutOfStockError, type ShortItem } from './orders.errors.js';
import { firstStatusRecorded, type NewOrder, orderLinesWritten, orderPlaced } from './orders.repository.js';

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
 * Turns the caller's cart into an order. Retries with a fresh order number in the rare case
 * that one is taken.
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

/** How the steps below read each other. */
const buyer = ref('buyer');
const locked = ref('locked');
const go = ref('go');
const placed = ref('placed');

/**
 * Checkout is one statement of named steps, each built by the module that owns its tables, so
 * it costs one round trip: run as separate statements in a transaction it placed 0.63 as many
 * orders per second (docs/performance-history.md, round 21). Read top to bottom:
 * 1. `buyer` (users) and `locked` (cart + products): the cart's lines with their products, both
 *    locked in product-id order, so no two checkouts deadlock; prices and stock come from these
 *    rows, never from the client;
 * 2. `verdict` and `go` (orders): a verified buyer, a cart that is not empty, enough of every
 *    line, a total that fits. `verdict` aggregates all of `locked`, and every write below is
 *    gated on `go`, so all locks are taken before anything is written;
 * 3. the writes: take the stock (products), the order, its lines and first status (orders),
 *    empty the cart (cart), record the events (events) and queue the confirmation (mail).
 * The statement is its own transaction: all of it is written or none. The caller learns why
 * not from what `verdict` and `locked` saw.
 */
function checkoutStatement(userId: string, order: NewOrder, lowStockThreshold: number): SQL {
  const { orderNumber, currency } = order;
  return withSteps(
    [
      { name: 'buyer', body: buyerOf(userId) },
      { name: 'locked', body: linesLockedForSale(cartLinesOf(userId)), materialized: true },
      {
        name: 'verdict',
        body: sql`
          select (select verified from ${buyer}) as verified,
            count(*) > 0 and bool_and("isActive" and stock >= quantity) as buyable,
            coalesce(sum("priceCents"::bigint * quantity), 0) <= ${MAX_ORDER_CENTS}::bigint as fits,
            sum("priceCents"::bigint * quantity) as subtotal, sum(quantity)::int as "itemCount"
          from ${locked}`,
      },
      { name: 'go', body: sql`select subtotal, "itemCount" from verdict where verified and buyable and fits` },
      { name: 'taken', body: stockTakenFor(locked, go) },
      { name: 'placed', body: orderPlaced(order, go) },
      { name: 'placed_items', body: orderLinesWritten(placed, locked) },
      { name: 'history', body: firstStatusRecorded(placed, userId) },
      { name: 'emptied', body: cartEmptiedAfter(userId, placed) },
      {
        name: 'events',
        body: eventsRecorded(sql`
          select 'order.placed', ${userId}::uuid, 'order', placed.id, jsonb_build_object(
            'orderNumber', ${orderNumber}::text, 'totalCents', placed.total_cents, 'currency', ${currency}::text,
            'items', (select jsonb_agg(jsonb_build_object('productId', "productId", 'quantity', quantity) order by "productId") from ${locked}))
          from ${placed} placed
          union all
          select 'product.low_stock', ${userId}::uuid, 'product', l."productId", jsonb_build_object(
            'name', l.name, 'sku', l.sku, 'stockQuantity', l.stock - l.quantity, 'threshold', ${lowStockThreshold}::int)
          from ${placed} placed, ${locked} l
          where l.stock > ${lowStockThreshold}::int and l.stock - l.quantity <= ${lowStockThreshold}::int`),
      },
      {
        name: 'mail',
        body: mailQueued(
          'order-placed',
          sql`
            select buyer.email as recipient, jsonb_build_object(
              'fullName', buyer."fullName", 'orderNumber', ${orderNumber}::text, 'totalCents', placed.total_cents,
              'currency', ${currency}::text,
              'lines', (select jsonb_agg(jsonb_build_object('name', name, 'quantity', quantity, 'lineTotalCents', "priceCents"::bigint * quantity)
                        order by "productId") from ${locked})) as data
            from ${placed} placed, ${buyer} buyer`,
        ),
      },
    ],
    sql`
      select verdict.verified, verdict.fits, (select jsonb_agg(to_jsonb(locked) order by "productId") from ${locked}) as lines,
        placed.id as "orderId", (extract(epoch from placed.created_at) * 1000)::float8 as "createdMs"
      from verdict left join ${placed} placed on true`,
  );
}

async function placeOrder(deps: CheckoutDeps, userId: string, input: CheckoutInput, orderNumber: string): Promise<Order> {
  const { currency, lowStockThreshold } = deps;
  const shippingAddress = { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? '', phone: input.shippingAddress.phone ?? '' };
  const note = input.note ?? '';
  const [outcome] = rowsOf<CheckoutOutcome>(
    await deps.db.execute(checkoutStatement(userId, { orderNumber, userId, currency, shippingAddress, note }, lowStockThreshold)),
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
