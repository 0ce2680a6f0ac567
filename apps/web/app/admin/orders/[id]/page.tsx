'use client';

import { movesFor, type OrderStatus } from '@emporium/contracts';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useState } from 'react';
import { Confirm } from '@/components/confirm';
import { OrderLines, OrderStatusBadge, StatusHistory } from '@/components/order/order-parts';
import { useOrder } from '@/components/order/use-order';
import { ShippingAddress } from '@/components/shipping-address';
import { ORDER_STATUS_LABELS } from '@/lib/format';
import { toast } from '@/lib/toast';

/** What confirming a move tells the admin happens. */
function consequenceOf(status: OrderStatus): string {
  if (status === 'cancelled') return 'The stock of its items is put back. This cannot be undone.';
  if (status === 'refunded')
    return 'The order is marked refunded (the money itself is returned through your payment provider). This cannot be undone.';
  return 'The customer sees the new status in their order history.';
}

export default function AdminOrderPage() {
  const { id } = useParams<{ id: string }>();
  const { order, error, move } = useOrder(id, 'There is no such order.');
  const [pending, setPending] = useState<OrderStatus | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(status: OrderStatus) {
    setBusy(true);
    try {
      const updated = await move(status);
      toast.success(`Order ${updated.orderNumber} is now ${ORDER_STATUS_LABELS[updated.status]?.toLowerCase()}`);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!order) return <div className="skeleton h-64 w-full" aria-busy="true" />;
  const next = movesFor(order.status, 'admin');
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Order {order.orderNumber}</h1>
        <OrderStatusBadge status={order.status} testId="admin-order-status" />
      </div>
      <section className="card flex flex-wrap items-center gap-2" aria-label="Change status">
        {next.length === 0 ? (
          <p className="text-sm text-slate-700">This order is {ORDER_STATUS_LABELS[order.status]?.toLowerCase()}: no further changes.</p>
        ) : (
          <>
            <span className="text-sm font-medium">Move to:</span>
            {next.map((status) => (
              <button
                key={status}
                type="button"
                disabled={busy}
                className={status === 'cancelled' || status === 'refunded' ? 'btn-danger' : 'btn-primary'}
                onClick={() => setPending(status)}
              >
                {status === 'cancelled' ? 'Cancel order' : `Mark ${ORDER_STATUS_LABELS[status]?.toLowerCase()}`}
              </button>
            ))}
          </>
        )}
      </section>
      <div className="grid gap-6 md:grid-cols-[1fr_18rem]">
        <OrderLines order={order} productHref={(productId) => `/admin/products/${productId}`} />
        <aside className="flex flex-col gap-4 text-sm">
          <section className="card">
            <h2 className="font-semibold">Customer</h2>
            <Link href={`/admin/customers/${order.userId}`} className="underline">
              View customer
            </Link>
          </section>
          <section className="card">
            <h2 className="font-semibold">Ship to</h2>
            <ShippingAddress address={order.shippingAddress} />
          </section>
          <StatusHistory order={order} />
        </aside>
      </div>
      <Link href="/admin/orders" className="text-sm underline">
        ← All orders
      </Link>
      <Confirm
        open={pending !== null}
        title={
          pending === 'cancelled'
            ? `Cancel order ${order.orderNumber}?`
            : `Mark order ${order.orderNumber} ${ORDER_STATUS_LABELS[pending ?? 'paid']?.toLowerCase()}?`
        }
        confirmLabel={pending === 'cancelled' ? 'Cancel order' : 'Confirm'}
        busy={busy}
        onConfirm={() => pending && change(pending)}
        onCancel={() => setPending(null)}
      >
        {pending && consequenceOf(pending)}
      </Confirm>
    </div>
  );
}
