'use client';

import type { Order, User } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { type Column, DataTable } from '@/components/admin/data-table';
import { DateFilter, FilterBar, SelectFilter, TextFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { downloadCsv, queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['status', 'from', 'to', 'userId'] as const;
const STATUSES = Object.entries(ORDER_STATUS_LABELS);

const COLUMNS: Column<Order>[] = [
  {
    header: 'Order',
    cell: (o) => (
      <Link href={`/admin/orders/${o.id}`} className="font-medium underline">
        {o.orderNumber}
      </Link>
    ),
  },
  { header: 'Placed', cell: (o) => formatDateTime(o.createdAt) },
  { header: 'Ship to', cell: (o) => o.shippingAddress.fullName },
  { header: 'Status', cell: (o) => ORDER_STATUS_LABELS[o.status] ?? o.status },
  { header: 'Items', align: 'right', cell: (o) => o.items.reduce((n, i) => n + i.quantity, 0) },
  { header: 'Total', align: 'right', cell: (o) => formatMoney(o.totalCents, o.currency) },
];

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

  /**
   * The customer filter takes a name or e-mail and keeps the first match's id in the URL. With
   * the box empty (Enter in a date, or a shared `?userId=` link) the filter stays as it is.
   */
  async function findCustomer() {
    const q = customer.trim();
    if (!q) return;
    try {
      const found = await api<{ items: User[] }>(`/users?${new URLSearchParams({ q, limit: '1' })}`);
      const match = found.items[0];
      if (match) setFilters({ userId: match.id });
      else toast.error(`No customer matches “${q}”`);
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <ListHeader title="Orders" total={list.total}>
        <button type="button" className="btn-secondary" onClick={exportCsv} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
      </ListHeader>
      <FilterBar
        onSubmit={findCustomer}
        submitLabel="Find"
        onClear={() => {
          setCustomer('');
          setFilters({ status: '', from: '', to: '', userId: '' });
        }}
      >
        <SelectFilter
          id="o-status"
          label="Status"
          value={filters.status}
          options={STATUSES}
          onChange={(status) => setFilters({ status })}
        />
        <DateFilter id="o-from" label="From" value={filters.from} onChange={(from) => setFilters({ from })} />
        <DateFilter id="o-to" label="To" value={filters.to} onChange={(to) => setFilters({ to })} />
        <TextFilter id="o-customer" label="Customer" value={customer} onChange={setCustomer} placeholder="Name or e-mail" />
      </FilterBar>
      {filters.userId && (
        <button type="button" className="self-start text-sm underline" onClick={() => setFilters({ userId: '' })}>
          Showing one customer — show all
        </button>
      )}
      <DataTable label="Orders" list={list} columns={COLUMNS} rowKey={(o) => o.id} empty="No orders match." />
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
