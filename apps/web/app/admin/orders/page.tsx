'use client';

import type { Order, User } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { ListStatus, LoadMoreButton } from '@/components/admin/list-status';
import { downloadCsv, queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['status', 'from', 'to', 'userId'] as const;

function OrdersTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<Order>('/orders', query);
  const [exporting, setExporting] = useState(false);
  const [customer, setCustomer] = useState('');

  async function exportCsv() {
    setExporting(true);
    try {
      await downloadCsv(`/orders/export?${query}`, 'orders.csv');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setExporting(false);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">
          Orders {list.total !== undefined && <span className="text-base font-normal text-slate-700">({list.total})</span>}
        </h1>
        <button type="button" className="btn-secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <div className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <div>
          <label htmlFor="o-status" className="label">
            Status
          </label>
          <select id="o-status" className="input" value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">Any</option>
            {Object.entries(ORDER_STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="o-from" className="label">
            From
          </label>
          <input id="o-from" type="date" className="input" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
        </div>
        <div>
          <label htmlFor="o-to" className="label">
            To
          </label>
          <input id="o-to" type="date" className="input" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
        </div>
        <form
          className="flex items-end gap-2"
          onSubmit={async (e) => {
            e.preventDefault();
            const q = customer.trim();
            if (!q) return setFilters({ userId: '' });
            try {
              const found = await api<{ items: User[] }>(`/users?${new URLSearchParams({ q, limit: '1' })}`);
              const match = found.items[0];
              if (match) setFilters({ userId: match.id });
              else toast.error(`No customer matches “${q}”`);
            } catch (err) {
              toast.error((err as Error).message);
            }
          }}
        >
          <div>
            <label htmlFor="o-customer" className="label">
              Customer
            </label>
            <input
              id="o-customer"
              className="input"
              placeholder="Name or e-mail"
              value={customer}
              onChange={(e) => setCustomer(e.target.value)}
            />
          </div>
          <button type="submit" className="btn-secondary">
            Find
          </button>
        </form>
        <div className="flex items-end">
          {filters.userId ? (
            <button type="button" className="text-sm underline" onClick={() => setFilters({ userId: '' })}>
              Showing one customer — show all
            </button>
          ) : (
            <button type="button" className="text-sm underline" onClick={() => setFilters({ status: '', from: '', to: '' })}>
              Clear filters
            </button>
          )}
        </div>
      </div>
      {list.error && (
        <p role="alert" className="card text-red-800">
          {list.error}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th className="p-2">Order</th>
              <th className="p-2">Placed</th>
              <th className="p-2">Ship to</th>
              <th className="p-2">Status</th>
              <th className="p-2 text-right">Items</th>
              <th className="p-2 text-right">Total</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((o) => (
              <tr key={o.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link href={`/admin/orders/${o.id}`} className="font-medium underline">
                    {o.orderNumber}
                  </Link>
                </td>
                <td className="p-2">{formatDateTime(o.createdAt)}</td>
                <td className="p-2">{o.shippingAddress.fullName}</td>
                <td className="p-2">{ORDER_STATUS_LABELS[o.status] ?? o.status}</td>
                <td className="p-2 text-right">{o.items.reduce((n, i) => n + i.quantity, 0)}</td>
                <td className="p-2 text-right">{formatMoney(o.totalCents, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ListStatus list={list} empty="No orders match." />
      </div>
      <LoadMoreButton list={list} />
    </div>
  );
}

export default function AdminOrdersPage() {
  return (
    <Suspense>
      <OrdersTable />
    </Suspense>
  );
}
