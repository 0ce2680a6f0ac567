'use client';

import { movesFor, type Order } from '@emporium/contracts';
import Link from 'next/link';
import { useParams, useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState } from 'react';
import { RequireSession } from '@/components/require-session';
import { ShippingAddress } from '@/components/shipping-address';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';
import { toast } from '@/lib/toast';

function OrderDetail() {
  const { id } = useParams<{ id: string }>();
  const placed = useSearchParams().get('placed') === '1';
  const [order, setOrder] = useState<Order | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ order: Order }>(`/orders/${id}`)
      .then((r) => setOrder(r.order))
      .catch((err) =>
        setFailed(
          err instanceof ApiError && (err.status === 404 || err.status === 422)
            ? 'There is no such order in your account.'
            : (err as Error).message,
        ),
      );
  }, [id]);

  async function cancel() {
    setBusy(true);
    try {
      const { order: updated } = await api<{ order: Order }>(`/orders/${id}/cancel`, { method: 'POST' });
      setOrder(updated);
      toast.success('Your order is cancelled');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  if (failed)
    return (
      <p role="alert" className="card">
        {failed}
      </p>
    );
  if (!order) return <div className="skeleton h-48 w-full" aria-busy="true" />;
  return (
    <div className="flex flex-col gap-6">
      {placed && (
        <div role="status" className="rounded-lg border border-green-300 bg-green-50 p-4 text-green-900">
          <p className="text-lg font-semibold">Thank you! Your order {order.orderNumber} is placed.</p>
          <p className="text-sm">We will e-mail you as it moves along.</p>
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-bold">Order {order.orderNumber}</h1>
        <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold" data-testid="order-status">
          {ORDER_STATUS_LABELS[order.status] ?? order.status}
        </span>
      </div>
      <div className="grid gap-6 md:grid-cols-[1fr_18rem]">
        <section className="card" aria-labelledby="items-heading">
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          <table className="mt-3 w-full text-sm">
            <thead>
              <tr className="text-left text-slate-700">
                <th className="py-1">Product</th>
                <th className="py-1 text-right">Qty</th>
                <th className="py-1 text-right">Price</th>
                <th className="py-1 text-right">Total</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((i) => (
                <tr key={i.productId} className="border-t border-slate-200">
                  <td className="py-2">
                    {i.name}
                    <span className="block text-xs text-slate-600">SKU {i.sku}</span>
                  </td>
                  <td className="py-2 text-right">{i.quantity}</td>
                  <td className="py-2 text-right">{formatMoney(i.unitPriceCents, order.currency)}</td>
                  <td className="py-2 text-right">{formatMoney(i.lineTotalCents, order.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-slate-300 font-semibold">
                <td className="py-2" colSpan={3}>
                  Total
                </td>
                <td className="py-2 text-right">{formatMoney(order.totalCents, order.currency)}</td>
              </tr>
            </tfoot>
          </table>
        </section>
        <aside className="flex flex-col gap-4">
          <section className="card text-sm" aria-labelledby="ship-heading">
            <h2 id="ship-heading" className="font-semibold">
              Shipping to
            </h2>
            <ShippingAddress address={order.shippingAddress} />
          </section>
          <section className="card text-sm" aria-labelledby="history-heading">
            <h2 id="history-heading" className="font-semibold">
              Status history
            </h2>
            <ol className="mt-1 flex flex-col gap-1">
              {order.statusHistory.map((h) => (
                <li key={`${h.to}-${h.at}`}>
                  <span className="font-medium">{ORDER_STATUS_LABELS[h.to] ?? h.to}</span> · {formatDateTime(h.at)}
                </li>
              ))}
            </ol>
          </section>
          {movesFor(order.status, 'owner').includes('cancelled') &&
            (confirming ? (
              <div className="card flex flex-col gap-2" role="alertdialog" aria-labelledby="cancel-q">
                <p id="cancel-q" className="font-medium">
                  Cancel this order? This cannot be undone.
                </p>
                <div className="flex gap-2">
                  <button type="button" className="btn-danger" onClick={cancel} disabled={busy}>
                    Yes, cancel it
                  </button>
                  <button type="button" className="btn-secondary" onClick={() => setConfirming(false)}>
                    Keep it
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="btn-secondary" onClick={() => setConfirming(true)}>
                Cancel order
              </button>
            ))}
        </aside>
      </div>
      <Link href="/account/orders" className="text-sm underline">
        ← All orders
      </Link>
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
