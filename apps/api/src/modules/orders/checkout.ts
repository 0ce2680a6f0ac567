import type { CheckoutInput, Order } from '@emporium/contracts';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type CartItemRow, cartItems, orderItems, orderStatusHistory, orders, products } from '../../db/schema/index.js';
import { violatedUniqueConstraint } from '../../lib/pg-errors.js';
import { recordEvent, recordLowStockIfCrossed } from '../events/domain-events.js';
import { enqueueMail } from '../mail/mail.outbox.js';
import { findUserById } from '../users/users.repository.js';
import { newOrderNumber } from './order-number.js';
import { toOrder } from './order-view.js';
import { CartEmptyError, EmailNotVerifiedError, OutOfStockError, type ShortItem } from './orders.errors.js';

export interface CheckoutDeps {
  db: Db;
  currency: string;
  lowStockThreshold: number;
  /** Called after the order's transaction committed (it queued a mail). */
  onCommitted: () => void;
}

interface PricedLine {
  productId: string;
  name: string;
  sku: string;
  unitPriceCents: number;
  quantity: number;
  stockAfter: number;
}

/**
 * Turns the caller's cart into an order in one transaction, step by step:
 * verify the buyer → read the cart → take the stock → write the order → empty the cart → queue the mail.
 * Any shortfall rolls everything back and reports every short line.
 */
export async function checkout(deps: CheckoutDeps, userId: string, input: CheckoutInput): Promise<Order> {
  const order = await deps.db.transaction(async (tx) => {
    const buyer = await requireVerifiedBuyer(tx, userId);
    const cart = await readCart(tx, userId);
    const lines = await takeStock(tx, cart);
    const placed = await writeOrder(tx, deps.currency, userId, input, lines);
    await emptyCart(tx, userId);
    await recordOrderEvents(tx, deps.lowStockThreshold, userId, placed, lines);
    await enqueueMail(tx, 'order-placed', buyer.email, {
      fullName: buyer.fullName,
      orderNumber: placed.orderNumber,
      totalCents: placed.totalCents,
      currency: placed.currency,
      lines: placed.items.map((i) => ({ name: i.name, quantity: i.quantity, lineTotalCents: i.lineTotalCents })),
    });
    return placed;
  });
  deps.onCommitted();
  return order;
}

async function requireVerifiedBuyer(tx: Db, userId: string) {
  const user = await findUserById(tx, userId);
  if (!user?.isVerified) throw new EmailNotVerifiedError();
  return user;
}

/** The cart's lines, locked, in product-id order: every checkout takes stock in the same order, so none deadlock. */
async function readCart(tx: Db, userId: string): Promise<CartItemRow[]> {
  const lines = await tx.select().from(cartItems).where(eq(cartItems.userId, userId)).orderBy(asc(cartItems.productId)).for('update');
  if (lines.length === 0) throw new CartEmptyError();
  return lines;
}

/** `stock = stock - q WHERE stock >= q` per line; prices are read from the same rows, never from the client. */
async function takeStock(tx: Db, cart: CartItemRow[]): Promise<PricedLine[]> {
  const priced: PricedLine[] = [];
  const short: ShortItem[] = [];
  for (const line of cart) {
    const [taken] = await tx
      .update(products)
      .set({ stockQuantity: sql`${products.stockQuantity} - ${line.quantity}` })
      .where(and(eq(products.id, line.productId), eq(products.isActive, true), gte(products.stockQuantity, line.quantity)))
      .returning({ name: products.name, sku: products.sku, priceCents: products.priceCents, stock: products.stockQuantity });
    if (taken) {
      priced.push({
        productId: line.productId,
        name: taken.name,
        sku: taken.sku,
        unitPriceCents: taken.priceCents,
        quantity: line.quantity,
        stockAfter: taken.stock,
      });
      continue;
    }
    const [product] = await tx
      .select({ name: products.name, stock: products.stockQuantity, isActive: products.isActive })
      .from(products)
      .where(eq(products.id, line.productId));
    short.push({
      productId: line.productId,
      name: product?.name ?? 'a removed product',
      requested: line.quantity,
      available: product?.isActive ? product.stock : 0,
    });
  }
  if (short.length) throw new OutOfStockError(short);
  return priced;
}

async function writeOrder(tx: Db, currency: string, userId: string, input: CheckoutInput, lines: PricedLine[]): Promise<Order> {
  const subtotalCents = lines.reduce((sum, l) => sum + l.unitPriceCents * l.quantity, 0);
  const address = { ...input.shippingAddress, line2: input.shippingAddress.line2 ?? '', phone: input.shippingAddress.phone ?? '' };
  for (let attempt = 0; ; attempt++) {
    try {
      // A savepoint, so that the rare clash of order numbers can be retried inside this transaction.
      return await tx.transaction(async (sp) => {
        const [order] = await sp
          .insert(orders)
          .values({
            orderNumber: newOrderNumber(),
            userId,
            subtotalCents,
            totalCents: subtotalCents,
            itemCount: lines.reduce((n, l) => n + l.quantity, 0),
            currency,
            shippingAddress: address,
            note: input.note ?? '',
          })
          .returning();
        if (!order) throw new Error('order insert returned nothing');
        const items = await sp
          .insert(orderItems)
          .values(lines.map(({ stockAfter: _, ...l }) => ({ orderId: order.id, ...l, lineTotalCents: l.unitPriceCents * l.quantity })))
          .returning();
        const history = await sp
          .insert(orderStatusHistory)
          .values({ orderId: order.id, fromStatus: null, toStatus: 'pending', actorId: userId })
          .returning();
        return toOrder(order, items, history);
      });
    } catch (err) {
      if (attempt < 5 && violatedUniqueConstraint(err) === 'orders_order_number_key') continue;
      throw err;
    }
  }
}

async function recordOrderEvents(tx: Db, threshold: number, userId: string, order: Order, lines: PricedLine[]): Promise<void> {
  await recordEvent(tx, {
    type: 'order.placed',
    actorId: userId,
    subjectType: 'order',
    subjectId: order.id,
    payload: {
      orderNumber: order.orderNumber,
      totalCents: order.totalCents,
      currency: order.currency,
      items: order.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
    },
  });
  for (const line of lines) {
    await recordLowStockIfCrossed(
      tx,
      userId,
      { id: line.productId, name: line.name, sku: line.sku },
      line.stockAfter + line.quantity,
      line.stockAfter,
      threshold,
    );
  }
}

async function emptyCart(tx: Db, userId: string): Promise<void> {
  await tx.delete(cartItems).where(eq(cartItems.userId, userId));
}
