'use client';

import type { DashboardStats, SalesReport } from '@emporium/contracts';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { BarChart } from '@/components/admin/bar-chart';
import { api } from '@/lib/api/client';
import { formatDateTime, formatMoney, ORDER_STATUS_LABELS } from '@/lib/format';

type OrdersReport = { byStatus: { status: string; orders: number; valueCents: number }[]; totalOrders: number };
type ProductsReport = {
  topByRevenue: { productId: string; name: string; sku: string; units: number; revenueCents: number }[];
  lowStock: { productId: string; name: string; sku: string; stockQuantity: number }[];
  lowStockThreshold: number;
};

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function Change({ value }: { value: number | null }) {
  if (value === null) return <span className="text-xs text-slate-600">no earlier data</span>;
  const up = value >= 0;
  return (
    <span className={`text-xs font-semibold ${up ? 'text-green-800' : 'text-red-700'}`}>
      {up ? '▲' : '▼'} {Math.abs(value).toFixed(1)}% <span className="sr-only">versus the previous period</span>
    </span>
  );
}

export default function DashboardPage() {
  const [stats, setStats] = useState<DashboardStats | null>(null);
  const [orders, setOrders] = useState<OrdersReport | null>(null);
  const [products, setProducts] = useState<ProductsReport | null>(null);
  const [sales, setSales] = useState<SalesReport | null>(null);
  const [period, setPeriod] = useState<'today' | 'last7Days' | 'last30Days'>('last30Days');
  const [interval, setInterval] = useState<'day' | 'week' | 'month'>('day');
  const [range, setRange] = useState(() => {
    const to = new Date();
    return { from: isoDay(new Date(to.getTime() - 29 * 86_400_000)), to: isoDay(to) };
  });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    Promise.all([api<DashboardStats>('/admin/stats'), api<OrdersReport>('/analytics/orders'), api<ProductsReport>('/analytics/products')])
      .then(([s, o, p]) => {
        setStats(s);
        setOrders(o);
        setProducts(p);
      })
      .catch((err) => setError((err as Error).message));
  }, []);

  useEffect(() => {
    api<SalesReport>(`/analytics/sales?${new URLSearchParams({ ...range, interval })}`)
      .then(setSales)
      .catch((err) => setError((err as Error).message));
  }, [range, interval]);

  if (error)
    return (
      <p role="alert" className="card">
        {error}
      </p>
    );
  if (!stats) return <div className="skeleton h-64 w-full" aria-busy="true" />;
  const kpi = stats[period];
  const money = (c: number) => formatMoney(c, stats.currency);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Dashboard</h1>
        <fieldset aria-label="Period" className="flex gap-1">
          {(
            [
              ['today', 'Today'],
              ['last7Days', '7 days'],
              ['last30Days', '30 days'],
            ] as const
          ).map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={period === value}
              onClick={() => setPeriod(value)}
              className={period === value ? 'btn-primary' : 'btn-secondary'}
            >
              {label}
            </button>
          ))}
        </fieldset>
      </div>
      <ul className="grid grid-cols-2 gap-4 lg:grid-cols-4">
        {(
          [
            ['Revenue', money(kpi.revenueCents), kpi.change.revenue, 'kpi-revenue'],
            ['Orders', String(kpi.orders), kpi.change.orders, 'kpi-orders'],
            ['Average order', money(kpi.averageOrderValueCents), kpi.change.averageOrderValue, 'kpi-aov'],
            ['New customers', String(kpi.newCustomers), undefined, 'kpi-customers'],
          ] as const
        ).map(([label, value, change, id]) => (
          <li key={label} className="card">
            <p className="text-sm text-slate-700">{label}</p>
            <p className="mt-1 text-2xl font-bold" data-testid={id}>
              {value}
            </p>
            {change !== undefined && <Change value={change} />}
          </li>
        ))}
      </ul>

      <section className="card" aria-labelledby="revenue-heading">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h2 id="revenue-heading" className="text-lg font-semibold">
            Revenue over time
          </h2>
          <div className="flex flex-wrap items-end gap-2">
            <div>
              <label htmlFor="from" className="label">
                From
              </label>
              <input
                id="from"
                type="date"
                className="input"
                value={range.from}
                max={range.to}
                onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))}
              />
            </div>
            <div>
              <label htmlFor="to" className="label">
                To
              </label>
              <input
                id="to"
                type="date"
                className="input"
                value={range.to}
                min={range.from}
                onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))}
              />
            </div>
            <div>
              <label htmlFor="interval" className="label">
                By
              </label>
              <select id="interval" className="input" value={interval} onChange={(e) => setInterval(e.target.value as typeof interval)}>
                <option value="day">Day</option>
                <option value="week">Week</option>
                <option value="month">Month</option>
              </select>
            </div>
          </div>
        </div>
        {sales ? (
          <>
            <p className="mt-3 text-sm">
              <span className="font-semibold" data-testid="range-revenue">
                {money(sales.totals.revenueCents)}
              </span>{' '}
              from <span data-testid="range-orders">{sales.totals.orders}</span> orders <Change value={sales.change.revenue} />
            </p>
            <BarChart
              label={`Revenue by ${interval}`}
              data={sales.buckets.map((b) => ({ label: b.start, value: b.revenueCents }))}
              format={money}
            />
          </>
        ) : (
          <div className="skeleton mt-3 h-48 w-full" />
        )}
      </section>

      <div className="grid gap-6 lg:grid-cols-2">
        <section className="card" aria-labelledby="status-heading">
          <h2 id="status-heading" className="text-lg font-semibold">
            Orders by status (30 days)
          </h2>
          <ul className="mt-3 flex flex-col gap-1 text-sm">
            {orders?.byStatus.map((s) => (
              <li key={s.status} className="flex justify-between">
                <Link href={`/admin/orders?status=${s.status}`} className="underline">
                  {ORDER_STATUS_LABELS[s.status] ?? s.status}
                </Link>
                <span>
                  {s.orders} · {money(s.valueCents)}
                </span>
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="top-heading">
          <h2 id="top-heading" className="text-lg font-semibold">
            Top products (30 days)
          </h2>
          <ol className="mt-3 flex flex-col gap-1 text-sm">
            {products?.topByRevenue.slice(0, 5).map((p) => (
              <li key={p.productId} className="flex justify-between gap-2">
                <Link href={`/admin/products/${p.productId}`} className="truncate underline">
                  {p.name}
                </Link>
                <span className="whitespace-nowrap">
                  {p.units} sold · {money(p.revenueCents)}
                </span>
              </li>
            ))}
            {products?.topByRevenue.length === 0 && <li className="text-slate-700">No sales in this period.</li>}
          </ol>
        </section>
        <section className="card" aria-labelledby="low-heading">
          <h2 id="low-heading" className="text-lg font-semibold">
            Low stock (≤ {products?.lowStockThreshold ?? '…'})
          </h2>
          <ul className="mt-3 flex flex-col gap-1 text-sm">
            {products?.lowStock.slice(0, 8).map((p) => (
              <li key={p.productId} className="flex justify-between gap-2">
                <Link href={`/admin/products/${p.productId}`} className="truncate underline">
                  {p.name}
                </Link>
                <span className={p.stockQuantity === 0 ? 'font-semibold text-red-700' : ''}>
                  {p.stockQuantity === 0 ? 'sold out' : `${p.stockQuantity} left`}
                </span>
              </li>
            ))}
            {products?.lowStock.length === 0 && <li className="text-slate-700">Everything is well stocked.</li>}
          </ul>
        </section>
        <section className="card" aria-labelledby="latest-heading">
          <h2 id="latest-heading" className="text-lg font-semibold">
            Latest orders <span className="text-sm font-normal text-slate-700">({stats.pendingOrders} pending)</span>
          </h2>
          <ul className="mt-3 flex flex-col gap-1 text-sm">
            {stats.latestOrders.map((o) => (
              <li key={o.id} className="flex justify-between gap-2">
                <Link href={`/admin/orders/${o.id}`} className="underline">
                  {o.orderNumber}
                </Link>
                <span className="truncate">{o.customerName}</span>
                <span>{ORDER_STATUS_LABELS[o.status] ?? o.status}</span>
                <span>{money(o.totalCents)}</span>
                <span className="hidden text-slate-600 sm:inline">{formatDateTime(o.createdAt)}</span>
              </li>
            ))}
            {stats.latestOrders.length === 0 && <li className="text-slate-700">No orders yet.</li>}
          </ul>
        </section>
      </div>
    </div>
  );
}
