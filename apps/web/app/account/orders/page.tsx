'use client';

import type { Order } from '@emporium/contracts';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { OrderStatusBadge } from '@/components/order/order-parts';
import { RequireSession } from '@/components/require-session';
import { api } from '@/lib/api/client';
import { formatDate, formatMoney } from '@/lib/format';

type Page = { items: Order[]; nextCursor: string | null };

function OrderHistory() {
  const [orders, setOrders] = useState<Order[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const load = useCallback(async (after: string | null) => {
    try {
      const page = await api<Page>(`/orders?${new URLSearchParams({ limit: '10', ...(after ? { cursor: after } : {}) })}`);
      setOrders((list) => [...(after ? (list ?? []) : []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setFailed((err as Error).message);
    }
  }, []);

  useEffect(() => {
    void load(null);
  }, [load]);

  if (failed)
    return (
      <p role="alert" className="card">
        {failed}
      </p>
    );
  if (!orders) return <div className="skeleton h-32 w-full" aria-busy="true" />;
  if (orders.length === 0)
    return (
      <div className="card text-center">
        <p className="font-medium">You have no orders yet.</p>
        <Link href="/products" className="btn-primary mt-4">
          Start shopping
        </Link>
      </div>
    );
  return (
    <>
      <ul className="flex flex-col gap-3">
        {orders.map((o) => (
          <li key={o.id}>
            <Link
              href={`/account/orders/${o.id}`}
              className="card flex flex-wrap items-center justify-between gap-2 hover:bg-slate-50"
              data-testid="order-row"
            >
              <span className="font-semibold">Order {o.orderNumber}</span>
              <span className="text-sm text-slate-700">{formatDate(o.createdAt)}</span>
              <OrderStatusBadge status={o.status} testId="order-status" />
              <span className="font-semibold">{formatMoney(o.totalCents, o.currency)}</span>
            </Link>
          </li>
        ))}
      </ul>
      {cursor && (
        <button type="button" className="btn-secondary mt-4" onClick={() => load(cursor)}>
          Older orders
        </button>
      )}
    </>
  );
}

export default function OrdersPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Your orders</h1>
      <RequireSession>
        <OrderHistory />
      </RequireSession>
    </>
  );
}
