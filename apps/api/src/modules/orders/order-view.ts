import type { Order } from '@emporium/contracts';
import type { OrderItemRow, OrderRow, OrderStatusHistoryRow } from '../../db/schema/index.js';

/** What an order's API shape is made of: its row, its lines and its status history (only the fields shown). */
export type OrderViewRow = Pick<
  OrderRow,
  | 'id'
  | 'orderNumber'
  | 'status'
  | 'subtotalCents'
  | 'totalCents'
  | 'currency'
  | 'shippingAddress'
  | 'note'
  | 'userId'
  | 'createdAt'
  | 'updatedAt'
>;
export type OrderItemViewRow = Pick<OrderItemRow, 'productId' | 'name' | 'sku' | 'unitPriceCents' | 'quantity' | 'lineTotalCents'>;
export type OrderHistoryViewRow = Pick<OrderStatusHistoryRow, 'fromStatus' | 'toStatus' | 'actorId' | 'createdAt'>;

export function toOrder(order: OrderViewRow, items: OrderItemViewRow[], history: OrderHistoryViewRow[]): Order {
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    status: order.status,
    items: items.map((i) => ({
      productId: i.productId,
      name: i.name,
      sku: i.sku,
      unitPriceCents: i.unitPriceCents,
      quantity: i.quantity,
      lineTotalCents: i.lineTotalCents,
    })),
    subtotalCents: order.subtotalCents,
    totalCents: order.totalCents,
    currency: order.currency,
    shippingAddress: order.shippingAddress,
    note: order.note,
    userId: order.userId,
    statusHistory: history.map((h) => ({ from: h.fromStatus, to: h.toStatus, actorId: h.actorId, at: h.createdAt.toISOString() })),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
  };
}
