'use client';

import type { Order, OrderStatus } from '@emporium/contracts';
import { useEffect, useState } from 'react';
import { api } from '@/lib/api/client';
import { ApiError } from '@/lib/api/errors';

/**
 * One order, read from the API, and the moves on it: `move(status)` cancels (POST …/cancel)
 * or sets the status (PATCH …/status, admins) and shows the answer. `error` says why it
 * could not be read: a missing or foreign order is `notFound`.
 */
export function useOrder(id: string, notFound: string) {
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ order: Order }>(`/orders/${id}`)
      .then((r) => setOrder(r.order))
      .catch((err) => setError(err instanceof ApiError && (err.status === 404 || err.status === 422) ? notFound : (err as Error).message));
  }, [id, notFound]);

  async function move(status: OrderStatus): Promise<Order> {
    const { order: updated } =
      status === 'cancelled'
        ? await api<{ order: Order }>(`/orders/${id}/cancel`, { method: 'POST' })
        : await api<{ order: Order }>(`/orders/${id}/status`, { method: 'PATCH', body: { status } });
    setOrder(updated);
    return updated;
  }

  return { order, error, move };
}
