'use client';

import { movesFor } from '@emporium/contracts';
import Link from 'next/link';
import { useParams, useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { Confirm } from '@/components/confirm';
import { OrderLines, OrderStatusBadge, StatusHistory } from '@/components/order/order-parts';
import { useOrder } from '@/components/order/use-order';
import { RequireSession } from '@/components/require-session';
import { ShippingAddress } from '@/components/shipping-address';
import { toast } from '@/lib/toast';

function OrderDetail() {
  const { id } = useParams<{ id: string }>();
  const placed = useSearchParams().get('placed') === '1';
  const { order, error, move } = useOrder(id, 'There is no such order in your account.');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  async function cancel() {
    setBusy(true);
    try {
      await move('cancelled');
      toast.success('Your order is cancelled');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!order) return <div className="skeleton h-48 w-full" aria-busy="true" />;
  return (
    <div className="flex flex-col gap-6">
      {/* Straight after checkout; not once the order has moved on (a cancellation on this page). */}
      {placed && order.status === 'pending' && (
        <div role="status" className="rounded-lg border border-green-300 bg-green-50 p-4 text-green-900">
          <p className="text-lg font-semibold">Thank you! Your order {order.orderNumber} is placed.</p>
          <p className="text-sm">We will e-mail you as it moves along.</p>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Order {order.orderNumber}</h1>
        <OrderStatusBadge status={order.status} testId="order-status" />
      </div>
      <div className="grid gap-6 md:grid-cols-[1fr_18rem]">
        <OrderLines order={order} />
        <aside className="flex flex-col gap-4">
          <section className="card text-sm" aria-labelledby="ship-heading">
            <h2 id="ship-heading" className="font-semibold">
              Shipping to
            </h2>
            <ShippingAddress address={order.shippingAddress} />
          </section>
          <StatusHistory order={order} />
          {movesFor(order.status, 'owner').includes('cancelled') && (
            <button type="button" className="btn-secondary" onClick={() => setConfirming(true)}>
              Cancel order
            </button>
          )}
        </aside>
      </div>
      <Link href="/account/orders" className="text-sm underline">
        ← All orders
      </Link>
      <Confirm
        open={confirming}
        title={`Cancel order ${order.orderNumber}?`}
        confirmLabel="Yes, cancel it"
        cancelLabel="Keep it"
        busy={busy}
        onConfirm={cancel}
        onCancel={() => setConfirming(false)}
      >
        Its items go back on sale. This cannot be undone.
      </Confirm>
    </div>
  );
}

export default function OrderPage() {
  return (
    <RequireSession>
      <Suspense>
        <OrderDetail />
      </Suspense>
    </RequireSession>
  );
}
