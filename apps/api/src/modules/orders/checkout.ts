import type { CheckoutInput, Order } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import type { NewDomainEvent } from '../events/domain-events.js';
import type { MailData } from '../mail/mail.templates.js';
import { findUserById } from '../users/users.repository.js';
import { newOrderNumber } from './order-number.js';
import { CartEmptyError, EmailNotVerifiedError, OutOfStockError, type ShortItem } from './orders.errors.js';

export interface CheckoutDeps {
  db: Db;
  currency: string;
  lowStockThreshold: number;
  /** Called after the order's transaction committed (it queued a mail). */
  onCommitted: () => void;
}

/** A cart line with its product and buyer, as read (and locked) at checkout. */
interface LockedLine {
  productId: string;
  quantity: number;
  name: string;
  sku: string;
  priceCents: number;
  stock: number;
  isActive: boolean;
  email: string;
  fullName: string;
  isVerified: boolean;
}

interface PricedLine {
  productId: string;
  name: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
  stockBefore: number;
}

/** Attempts at a fresh order number: 40 random bits make even a second one rare. */
const ORDER_NUMBER_ATTEMPTS = 5;

/**
 * Turns the caller's cart into an order in one transaction of two statements:
 * 1. read the cart with its products, locking both in product-id order (every checkout locks
 *    in that order, so none deadlock) — prices and stock come from these rows, never the client;
 * 2. write everything at once: take the stock, insert the order, its lines and first status,
 *    empty the cart, record the events and queue the confirmation mail.
 * Any shortfall rolls back and reports every short line. Two statements instead of one per
 * step matter under load: each round trip to PostgreSQL costs the API more CPU than the work.
 */
export async function checkout(deps: CheckoutDeps, userId: string, input: CheckoutInput): Promise<Order> {
  for (let attempt = 1; ; attempt++) {
    try {
      const order = await deps.db.transaction(async (tx) => {
        const lines = await lockCart(tx, userId);
        return writeOrder(tx, deps, userId, input, priced(lines), lines[0] as LockedLine);
      });
      deps.onCommitted();
      return order;
    } catch (err) {
      if (attempt < ORDER_NUMBER_ATTEMPTS && violatedUniqueConstraint(err) === 'orders_order_number_key') continue;
      throw err;
    }
  }
}

/** The buyer's cart lines with their products, locked, in product-id order; the buyer must be verified. */
async function lockCart(tx: Db, userId: string): Promise<LockedLine[]> {
  const lines = rowsOf<LockedLine>(
    await tx.execute(sql`
      select c.product_id as "productId", c.quantity, p.name, p.sku, p.price_cents as "priceCents",
        p.stock_quantity as stock, p.is_active as "isActive",
        u.email, u.full_name as "fullName", u.is_verified as "isVerified"
      from cart_items c
      join products p on p.id = c.product_id
      join users u on u.id = c.user_id
      where c.user_id = ${userId}::uuid
      order by c.product_id
      for update of c, p`),
  );
  const buyer = lines[0] ?? (await findUserById(tx, userId));
  if (!buyer?.isVerified) throw new EmailNotVerifiedError();
  if (lines.length === 0) throw new CartEmptyError();
  return lines;
}

/** Prices every line from its product row; throws with every line that is short. */
function priced(lines: LockedLine[]): PricedLine[] {
  const short: ShortItem[] = lines
    .filter((l) => !l.isActive || l.stock < l.quantity)
    .map((l) => ({ productId: l.productId, name: l.name, requested: l.quantity, available: l.isActive ? l.stock : 0 }));
  if (short.length) throw new OutOfStockError(short);
  return lines.map((l) => ({
    productId: l.productId,
    name: l.name,
    sku: l.sku,
    unitPriceCents: l.priceCents,
    quantity: l.quantity,
    stockBefore: l.stock,
  }));
}

type OrderEvent = Pick<NewDomainEvent, 'type' | 'subjectType' | 'payload'> & { subjectId: string | null };

async function writeOrder(
  tx: Db,
  deps: CheckoutDeps,
  userId: string,
  input: CheckoutInput,
  lines: PricedLine[],
  buyer: Pick<LockedLine, 'email' | 'fullName'>,
): Promise<Order> {
  const { currency, lowStockThreshold: threshold } = deps;
  const orderNumber = newOrderNumber();
  const items = lines.map((l) => ({
    productId: l.productId,
    name: l.name,
    sku: l.sku,
    unitPriceCents: l.unitPriceCents,
    quantity: l.quantity,
    lineTotalCents: l.unitPriceCents * l.quantity,
  }));
  const subtotalCents = items.reduce((sum, i) => sum + i.lineTotalCents, 0);
  const itemCount = items.reduce((n, i) => n + i.quantity, 0);
  const shippingAddress = { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? '', phone: input.shippingAddress.phone ?? '' };
  const note = input.note ?? '';
  // `order.placed`'s subject is the new order (null: filled in by the statement).
  const events: OrderEvent[] = [
    {
      type: 'order.placed',
      subjectType: 'order',
      subjectId: null,
      payload: {
        orderNumber,
        totalCents: subtotalCents,
        currency,
        items: items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
      },
    },
    ...lines
      .filter((l) => l.stockBefore > threshold && l.stockBefore - l.quantity <= threshold)
      .map(
        (l): OrderEvent => ({
          type: 'product.low_stock',
          subjectType: 'product',
          subjectId: l.productId,
          payload: { name: l.name, sku: l.sku, stockQuantity: l.stockBefore - l.quantity, threshold },
        }),
      ),
  ];
  const mail: MailData<'order-placed'> = {
    fullName: buyer.fullName,
    orderNumber,
    totalCents: subtotalCents,
    currency,
    lines: items.map((i) => ({ name: i.name, quantity: i.quantity, lineTotalCents: i.lineTotalCents })),
  };
  const [placed] = rowsOf<{ id: string; createdMs: number | string }>(
    await tx.execute(sql`
      with lines as (
        select * from jsonb_to_recordset(${JSON.stringify(items)}::jsonb)
          as l("productId" uuid, name text, sku text, "unitPriceCents" int, quantity int, "lineTotalCents" int)
      ), taken as (
        update products p set stock_quantity = p.stock_quantity - l.quantity
        from lines l where p.id = l."productId"
      ), placed as (
        insert into orders (order_number, user_id, subtotal_cents, total_cents, item_count, currency, shipping_address, note)
        values (${orderNumber}, ${userId}::uuid, ${subtotalCents}::int, ${subtotalCents}::int, ${itemCount}::int,
          ${currency}, ${JSON.stringify(shippingAddress)}::jsonb, ${note})
        returning id, created_at
      ), placed_items as (
        insert into order_items (order_id, product_id, name, sku, unit_price_cents, quantity, line_total_cents)
        select placed.id, l."productId", l.name, l.sku, l."unitPriceCents", l.quantity, l."lineTotalCents"
        from placed, lines l
      ), history as (
        insert into order_status_history (order_id, from_status, to_status, actor_id)
        select id, null, 'pending', ${userId}::uuid from placed
      ), emptied as (
        delete from cart_items where user_id = ${userId}::uuid
      ), events as (
        insert into domain_events (type, actor_id, subject_type, subject_id, payload)
        select e.type, ${userId}::uuid, e."subjectType", coalesce(e."subjectId", placed.id), e.payload
        from placed, jsonb_to_recordset(${JSON.stringify(events)}::jsonb)
          as e(type text, "subjectType" text, "subjectId" uuid, payload jsonb)
      ), mail as (
        insert into mail_outbox (template, recipient, data)
        values ('order-placed', ${buyer.email}, ${JSON.stringify(mail)}::jsonb)
      )
      select id, (extract(epoch from created_at) * 1000)::float8 as "createdMs" from placed`),
  );
  if (!placed) throw new Error('order insert returned nothing');
  const at = new Date(Number(placed.createdMs)).toISOString();
  return {
    id: placed.id,
    orderNumber,
    status: 'pending',
    items,
    subtotalCents,
    totalCents: subtotalCents,
    currency,
    shippingAddress,
    note,
    userId,
    statusHistory: [{ from: null, to: 'pending', actorId: userId, at }],
    createdAt: at,
    updatedAt: at,
  };
}
