import { z } from 'zod';

export const OrderStatusSchema = z.enum(['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded']);
export type OrderStatus = z.infer<typeof OrderStatusSchema>;

/** Who moves an order: an admin, or the customer who placed it. */
export type OrderActor = 'admin' | 'owner';

/** What entering a status does besides recording it (`order.status_changed` and a history row). */
export interface OrderStatusEffects {
  /** The order's quantities go back on the shelf. */
  restocks: boolean;
  /** A further domain event for this move. */
  event: 'order.cancelled' | null;
  /** The mail the buyer gets. */
  mail: 'order-shipped' | 'order-cancelled' | null;
}

interface StatusRule {
  /** The statuses an admin may move an order in this status to. */
  next: OrderStatus[];
  /** The subset the customer who placed it may choose. */
  ownerMay: OrderStatus[];
  /** What entering this status does. */
  onEnter: OrderStatusEffects;
}

const NOTHING_ELSE: OrderStatusEffects = { restocks: false, event: null, mail: null };

/**
 * The order status machine, whole: every legal move, who may make it, and what each status
 * does when an order enters it. The API enforces and applies it (`orders.service.ts`); the
 * admin and the account pages offer exactly these moves.
 */
export const ORDER_STATUS_MACHINE: Record<OrderStatus, StatusRule> = {
  pending: { next: ['paid', 'cancelled'], ownerMay: ['cancelled'], onEnter: NOTHING_ELSE },
  paid: { next: ['processing', 'cancelled', 'refunded'], ownerMay: ['cancelled'], onEnter: NOTHING_ELSE },
  processing: { next: ['shipped', 'cancelled', 'refunded'], ownerMay: [], onEnter: NOTHING_ELSE },
  shipped: { next: ['delivered', 'refunded'], ownerMay: [], onEnter: { ...NOTHING_ELSE, mail: 'order-shipped' } },
  delivered: { next: ['refunded'], ownerMay: [], onEnter: NOTHING_ELSE },
  cancelled: { next: [], ownerMay: [], onEnter: { restocks: true, event: 'order.cancelled', mail: 'order-cancelled' } },
  refunded: { next: [], ownerMay: [], onEnter: NOTHING_ELSE },
};

/** The statuses `actor` may move an order in status `from` to. */
export function movesFor(from: OrderStatus, actor: OrderActor): OrderStatus[] {
  const rule = ORDER_STATUS_MACHINE[from];
  return actor === 'admin' ? rule.next : rule.ownerMay;
}
