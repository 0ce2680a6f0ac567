'use client';

import { movesFor, type Order, type OrderStatus } from '@emporium/contracts';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { Confirm } from '@/components/admin/confirm';
import { ShippingAddress } from '@/components/shipping-address';
import { api } from '@/lib/api/client';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';
import { toast } from '@/lib/toast';

export default function AdminOrderPage() {
  const { id } = useParams<{ id: string }>();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<OrderStatus | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api<{ order: Order }>(`/orders/${id}`)
      .then((r) => setOrder(r.order))
      .catch((err) => setError((err as Error).message));
  }, [id]);

  async function change(status: OrderStatus) {
    setBusy(true);
    try {
      const { order: updated } =
        status === 'cancelled'
          ? await api<{ order: Order }>(`/orders/${id}/cancel`, { method: 'POST' })
          : await api<{ order: Order }>(`/orders/${id}/status`, { method: 'PATCH', body: { status } });
      setOrder(updated);
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
        <span className="rounded-full bg-slate-100 px-3 py-1 text-sm font-semibold" data-testid="admin-order-status">
          {ORDER_STATUS_LABELS[order.status]}
        </span>
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
        <section className="card" aria-labelledby="items-heading">
          <h2 id="items-heading" className="text-lg font-semibold">
            Items
          </h2>
          <table className="mt-2 w-full text-sm">
            <thead className="text-left text-slate-700">
              <tr>
                <th className="py-1">Product</th>
                <th className="py-1">SKU</th>
                <th className="py-1 text-right">Qty</th>
                <th className="py-1 text-right">Unit</th>
                <th className="py-1 text-right">Total</th>
              </tr>
            </thead>
            <tbody>
              {order.items.map((i) => (
                <tr key={i.productId} className="border-t border-slate-200">
                  <td className="py-2">
                    <Link href={`/admin/products/${i.productId}`} className="underline">
                      {i.name}
                    </Link>
                  </td>
                  <td className="py-2 font-mono text-xs">{i.sku}</td>
                  <td className="py-2 text-right">{i.quantity}</td>
                  <td className="py-2 text-right">{formatMoney(i.unitPriceCents, order.currency)}</td>
                  <td className="py-2 text-right">{formatMoney(i.lineTotalCents, order.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="border-t border-slate-300 font-semibold">
                <td className="py-2" colSpan={4}>
                  Total
                </td>
                <td className="py-2 text-right">{formatMoney(order.totalCents, order.currency)}</td>
              </tr>
            </tfoot>
          </table>
          {order.note && <p className="mt-3 text-sm">Note: {order.note}</p>}
        </section>
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
          <section className="card">
            <h2 className="font-semibold">Status history</h2>
            <ol className="mt-1 flex flex-col gap-1">
              {order.statusHistory.map((h) => (
                <li key={`${h.to}-${h.at}`}>
                  {ORDER_STATUS_LABELS[h.to]} · {formatDateTime(h.at)}
                </li>
              ))}
            </ol>
          </section>
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
        {pending === 'cancelled'
          ? 'The stock of its items is put back. This cannot be undone.'
          : pending === 'refunded'
            ? 'The order is marked refunded (the money itself is returned through your payment provider). This cannot be undone.'
            : 'The customer sees the new status in their order history.'}
      </Confirm>
    </div>
  );
}
