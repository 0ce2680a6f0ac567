import type { Readable } from 'node:stream';
import {
  type CheckoutInput,
  ErrorCode,
  movesFor,
  ORDER_STATUS_MACHINE,
  type Order,
  type OrderFilter,
  type OrderListQuery,
  type OrderStatus,
} from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import { AppError } from '../../errors.js';
import { csvStream } from '../../lib/csv.js';
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from '../../lib/cursor.js';
import type { Principal } from '../auth/auth.service.js';
import { recordEvent } from '../events/domain-events.js';
import { enqueueMail } from '../mail/mail.outbox.js';
import { changeStock, lockProducts } from '../products/products.repository.js';
import { findUserById } from '../users/users.repository.js';
import { checkout } from './checkout.js';
import { replay, runIdempotent } from './idempotency.js';
import { toOrder } from './order-view.js';
import { IllegalStatusTransitionError, OrderNotFoundError } from './orders.errors.js';
import {
  countOrders,
  findOrder,
  itemsAndHistoryOf,
  listOrdersPage,
  lockOrder,
  orderConditions,
  quantitiesOf,
  setOrderStatus,
} from './orders.repository.js';

export interface OrdersServiceDeps {
  db: Db;
  timezone: string;
  currency: string;
  lowStockThreshold: number;
  onMailQueued: () => void;
  /** Stock shows in the catalog: called after checkout and cancellation. */
  onCatalogChanged: () => Promise<void>;
  /** Told how each checkout ended (metrics). */
  onCheckout?: (outcome: CheckoutOutcome) => void;
}

/** An order placed, or a checkout that met a conflict (a repeat answered from its Idempotency-Key counts as one). */
export type CheckoutOutcome = 'placed' | 'out_of_stock' | 'idempotent_replay' | 'idempotency_key_in_progress' | 'idempotency_key_reused';

const CONFLICTS: Partial<Record<string, CheckoutOutcome>> = {
  [ErrorCode.OutOfStock]: 'out_of_stock',
  [ErrorCode.IdempotencyKeyInProgress]: 'idempotency_key_in_progress',
  [ErrorCode.IdempotencyKeyReused]: 'idempotency_key_reused',
};

export class OrdersService {
  constructor(private readonly deps: OrdersServiceDeps) {}

  /** Checkout; with an Idempotency-Key, a repeat of the same request gets the first answer again. */
  async place(principal: Principal, input: CheckoutInput, idempotencyKey: string | undefined): Promise<Order> {
    const { db, currency, lowStockThreshold, onCheckout } = this.deps;
    let ran = false;
    const placeIn = (tx: Db, inTransaction: boolean) => {
      ran = true;
      return checkout({ db: tx, currency, lowStockThreshold, inTransaction }, principal.userId, input);
    };
    try {
      if (idempotencyKey === undefined) {
        const order = await placeIn(db, false);
        onCheckout?.('placed');
        await this.placed();
        return order;
      }
      const { response, fresh } = await runIdempotent(db, principal.userId, idempotencyKey, input, async (tx) => ({
        status: 201,
        body: await placeIn(tx, true),
      }));
      if (fresh && response.status === 201) {
        onCheckout?.('placed');
        await this.placed();
      }
      if (!fresh) onCheckout?.('idempotent_replay');
      return replay(response) as Order;
    } catch (err) {
      const conflict = err instanceof AppError ? CONFLICTS[err.code] : undefined;
      // A replayed OUT_OF_STOCK was counted when it happened (and now as a replay).
      if (conflict && (ran || conflict !== 'out_of_stock')) onCheckout?.(conflict);
      throw err;
    }
  }

  /** After an order committed: its mail is due, and the catalog shows less stock. */
  private async placed(): Promise<void> {
    this.deps.onMailQueued();
    await this.deps.onCatalogChanged();
  }

  async list(principal: Principal, query: OrderListQuery): Promise<{ items: Order[]; nextCursor: string | null; total?: number }> {
    const { limit, cursor, ...filter } = query;
    const admin = principal.role === 'admin';
    const conditions = orderConditions(
      { ...filter, userId: admin ? filter.userId : undefined, ownerId: admin ? undefined : principal.userId },
      this.deps.timezone,
    );
    const after = cursor
      ? decodeCursor<[string, string]>(cursor, (v): v is [string, string] => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1]))
      : undefined;
    const rows = await listOrdersPage(this.deps.db, conditions, limit + 1, after && { createdAt: after[0], id: after[1] });
    const page = rows.slice(0, limit);
    const { items, history } = await itemsAndHistoryOf(
      this.deps.db,
      page.map((o) => o.id),
    );
    const last = page.at(-1);
    return {
      items: page.map((o) => toOrder(o, items.get(o.id) ?? [], history.get(o.id) ?? [])),
      nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
      ...(admin ? { total: await countOrders(this.deps.db, conditions) } : {}),
    };
  }

  /** Owners see their own orders, admins all; anyone else gets the same 404 as for a missing one. */
  async get(principal: Principal, id: string): Promise<Order> {
    const order = await findOrder(this.deps.db, id);
    if (!order || (order.userId !== principal.userId && principal.role !== 'admin')) throw new OrderNotFoundError();
    return this.view(this.deps.db, order.id);
  }

  async cancel(principal: Principal, id: string): Promise<Order> {
    return this.transition(principal, id, 'cancelled');
  }

  async changeStatus(principal: Principal, id: string, to: OrderStatus): Promise<Order> {
    return this.transition(principal, id, to);
  }

  /** Streams the orders matching the filter as CSV, one line per order item. */
  exportCsv(filter: OrderFilter): Readable {
    const { db, timezone } = this.deps;
    const conditions = orderConditions(filter, timezone);
    async function* rows() {
      let after: { createdAt: string; id: string } | undefined;
      for (;;) {
        const page = await listOrdersPage(db, conditions, 500, after);
        const { items } = await itemsAndHistoryOf(
          db,
          page.map((o) => o.id),
        );
        for (const o of page) {
          for (const i of items.get(o.id) ?? []) {
            yield [
              o.orderNumber,
              o.id,
              o.createdAt.toISOString(),
              o.status,
              o.userId,
              o.shippingAddress.fullName,
              o.shippingAddress.country,
              i.sku,
              i.name,
              i.quantity,
              i.unitPriceCents,
              i.lineTotalCents,
              o.totalCents,
              o.currency,
            ];
          }
        }
        const last = page.at(-1);
        if (page.length < 500 || !last) return;
        after = { createdAt: last.createdAt.toISOString(), id: last.id };
      }
    }
    return csvStream(rows(), {
      header: true,
      columns: [
        'orderNumber',
        'orderId',
        'createdAt',
        'status',
        'userId',
        'shipToName',
        'shipToCountry',
        'sku',
        'productName',
        'quantity',
        'unitPriceCents',
        'lineTotalCents',
        'orderTotalCents',
        'currency',
      ],
      quoted: true,
    });
  }

  /**
   * One status change under the order's row lock, so racing requests apply it once: a
   * cancellation puts the stock back exactly once, and the history records who and when.
   * Which moves are legal, for whom, and what entering a status does is the status machine
   * (`ORDER_STATUS_MACHINE` in the contracts); this applies it.
   */
  private async transition(principal: Principal, id: string, to: OrderStatus): Promise<Order> {
    const admin = principal.role === 'admin';
    const effects = ORDER_STATUS_MACHINE[to].onEnter;
    const order = await this.deps.db.transaction(async (tx) => {
      const current = await lockOrder(tx, id);
      if (!current || (current.userId !== principal.userId && !admin)) throw new OrderNotFoundError();
      const allowed = movesFor(current.status, admin ? 'admin' : 'owner');
      if (!allowed.includes(to)) throw new IllegalStatusTransitionError(current.status, to, allowed);
      const updated = await setOrderStatus(tx, current, to, principal.userId);
      const { orderNumber } = current;
      await recordEvent(tx, {
        type: 'order.status_changed',
        actorId: principal.userId,
        subjectType: 'order',
        subjectId: id,
        payload: { orderNumber, from: current.status, to },
      });
      if (effects.restocks) {
        const taken = await quantitiesOf(tx, current.id);
        await lockProducts(
          tx,
          taken.map((t) => t.productId),
        );
        await changeStock(
          tx,
          taken.map((t) => ({ productId: t.productId, by: t.quantity })),
        );
      }
      if (effects.event) {
        await recordEvent(tx, {
          type: effects.event,
          actorId: principal.userId,
          subjectType: 'order',
          subjectId: id,
          payload: { orderNumber, from: current.status },
        });
      }
      if (effects.mail) {
        const buyer = await findUserById(tx, updated.userId);
        if (buyer) await enqueueMail(tx, effects.mail, buyer.email, { fullName: buyer.fullName, orderNumber });
      }
      return this.view(tx, updated.id);
    });
    if (effects.mail) this.deps.onMailQueued();
    if (effects.restocks) await this.deps.onCatalogChanged();
    return order;
  }

  private async view(db: Db, id: string): Promise<Order> {
    const order = await findOrder(db, id);
    if (!order) throw new OrderNotFoundError();
    const { items, history } = await itemsAndHistoryOf(db, [id]);
    return toOrder(order, items.get(id) ?? [], history.get(id) ?? []);
  }
}
