'use client';

import type { CustomerSummary, Order, User } from '@emporium/contracts';
import Link from 'next/link';
import { useParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { Confirm } from '@/components/confirm';
import { useCursorList } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { formatDate, formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

export default function AdminCustomerPage() {
  const { id } = useParams<{ id: string }>();
  const me = useSession((s) => s.user);
  const [user, setUser] = useState<User | null>(null);
  const [summary, setSummary] = useState<CustomerSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<'deactivate' | 'role' | null>(null);
  const [busy, setBusy] = useState(false);
  const query = useMemo(() => new URLSearchParams({ userId: id }), [id]);
  const orders = useCursorList<Order>('/orders', query, 10);

  useEffect(() => {
    Promise.all([api<{ user: User }>(`/users/${id}`), api<CustomerSummary>(`/analytics/customers/${id}`)])
      .then(([u, s]) => {
        setUser(u.user);
        setSummary(s);
      })
      .catch((err) => setError((err as Error).message));
  }, [id]);

  async function update(body: Partial<Pick<User, 'role' | 'isActive'>>, done: string) {
    setBusy(true);
    try {
      const { user: updated } = await api<{ user: User }>(`/users/${id}`, { method: 'PATCH', body });
      setUser(updated);
      toast.success(done);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setConfirm(null);
    }
  }

  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!user || !summary) return <div className="skeleton h-64 w-full" aria-busy="true" />;
  const self = me?.id === user.id;
  const newRole = user.role === 'admin' ? 'customer' : 'admin';
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-bold">{user.fullName}</h1>
        <p className="text-sm text-slate-700">
          {user.email} · {user.role} · joined {formatDate(user.createdAt)} · {user.isVerified ? 'e-mail verified' : 'e-mail not verified'} ·{' '}
          {user.isActive ? 'active' : <span className="font-semibold text-red-700">deactivated</span>}
        </p>
      </div>
      <ul className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        <li className="card">
          <p className="text-sm text-slate-700">Lifetime value</p>
          <p className="text-2xl font-bold">{formatMoney(summary.lifetimeValueCents)}</p>
        </li>
        <li className="card">
          <p className="text-sm text-slate-700">Orders</p>
          <p className="text-2xl font-bold">{summary.orderCount}</p>
        </li>
        <li className="card">
          <p className="text-sm text-slate-700">Average order</p>
          <p className="text-2xl font-bold">{formatMoney(summary.averageOrderValueCents)}</p>
        </li>
        <li className="card">
          <p className="text-sm text-slate-700">Last order</p>
          <p className="text-lg font-bold">{summary.lastOrderAt ? formatDate(summary.lastOrderAt) : '—'}</p>
        </li>
      </ul>
      <section className="card flex flex-wrap gap-2" aria-label="Account actions">
        <button type="button" className="btn-secondary" disabled={self || busy} onClick={() => setConfirm('role')}>
          Make {newRole}
        </button>
        {user.isActive ? (
          <button type="button" className="btn-danger" disabled={self || busy} onClick={() => setConfirm('deactivate')}>
            Deactivate account
          </button>
        ) : (
          <button type="button" className="btn-secondary" disabled={busy} onClick={() => update({ isActive: true }, 'Account reactivated')}>
            Reactivate account
          </button>
        )}
        {self && <p className="w-full text-xs text-slate-700">You cannot change your own role or deactivate yourself.</p>}
      </section>
      <section className="card" aria-labelledby="orders-heading">
        <h2 id="orders-heading" className="text-lg font-semibold">
          Orders
        </h2>
        <ul className="mt-2 flex flex-col gap-1 text-sm">
          {orders.items.map((o) => (
            <li key={o.id} className="flex flex-wrap justify-between gap-2 border-t border-slate-100 py-1">
              <Link href={`/admin/orders/${o.id}`} className="underline">
                {o.orderNumber}
              </Link>
              <span>{formatDateTime(o.createdAt)}</span>
              <span>{ORDER_STATUS_LABELS[o.status]}</span>
              <span>{formatMoney(o.totalCents, o.currency)}</span>
            </li>
          ))}
          {!orders.loading && orders.items.length === 0 && <li className="text-slate-700">No orders yet.</li>}
        </ul>
        {orders.hasMore && (
          <button type="button" className="btn-secondary mt-2" onClick={orders.loadMore}>
            More orders
          </button>
        )}
      </section>
      <Confirm
        open={confirm !== null}
        title={
          confirm === 'deactivate'
            ? `Deactivate ${user.fullName}?`
            : `Make ${user.fullName} ${newRole === 'admin' ? 'an admin' : 'a customer'}?`
        }
        confirmLabel={confirm === 'deactivate' ? 'Deactivate' : 'Change role'}
        busy={busy}
        onConfirm={() =>
          confirm === 'deactivate'
            ? update({ isActive: false }, 'Account deactivated; its sessions are ended')
            : update({ role: newRole }, `Role changed to ${newRole}`)
        }
        onCancel={() => setConfirm(null)}
      >
        {confirm === 'deactivate'
          ? 'They are signed out everywhere at once and cannot sign in until reactivated. Their orders are kept.'
          : newRole === 'admin'
            ? 'Admins can see and change everything in the back office.'
            : 'They lose access to the back office at their next request.'}
      </Confirm>
    </div>
  );
}
