import type { DashboardStats, DateRangeQuery, SalesQuery, SalesReport, SalesTotals } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import { UserNotFoundError } from '../users/users.errors.js';
import { findUserById } from '../users/users.repository.js';
import {
  bestRatedProducts,
  countLowStock,
  customerSummary,
  customersByBucket,
  latestOrders,
  lowStockProducts,
  neverSoldProducts,
  newCustomers,
  ordersByStatus,
  pendingOrderCount,
  repeatPurchaseRate,
  salesByBucket,
  salesTotals,
  topProducts,
  topSpenders,
} from './analytics.repository.js';
import { addDays, type DayRange, percentChange, previousRange, resolveRange, todayIn } from './date-range.js';

const STATUSES = ['pending', 'paid', 'processing', 'shipped', 'delivered', 'cancelled', 'refunded'] as const;

export interface AnalyticsServiceDeps {
  db: Db;
  timezone: string;
  currency: string;
  lowStockThreshold: number;
  /** For tests: what "now" is. */
  now?: () => Date;
}

/** The shop owner's numbers: exact integer cents, buckets in the store's time zone, totals that add up. */
export class AnalyticsService {
  constructor(private readonly deps: AnalyticsServiceDeps) {}

  private range(query: DateRangeQuery): DayRange {
    return resolveRange(query, this.deps.timezone, this.deps.now?.());
  }

  private rangeView(range: DayRange) {
    return { from: range.from, to: range.to, timezone: this.deps.timezone };
  }

  async sales(query: SalesQuery): Promise<SalesReport> {
    const { db, timezone } = this.deps;
    const range = this.range(query);
    const prev = previousRange(range);
    const [buckets, previous] = await Promise.all([salesByBucket(db, range, query.interval, timezone), salesTotals(db, prev, timezone)]);
    // Totals are the sum of the buckets, so the two can never disagree.
    const revenueCents = buckets.reduce((s, b) => s + b.revenueCents, 0);
    const orders = buckets.reduce((s, b) => s + b.orders, 0);
    const totals: SalesTotals = {
      revenueCents,
      orders,
      units: buckets.reduce((s, b) => s + b.units, 0),
      averageOrderValueCents: orders ? Math.round(revenueCents / orders) : 0,
    };
    return {
      range: this.rangeView(range),
      interval: query.interval,
      currency: this.deps.currency,
      buckets,
      totals,
      previous: { ...previous, from: prev.from, to: prev.to },
      change: {
        revenue: percentChange(totals.revenueCents, previous.revenueCents),
        orders: percentChange(totals.orders, previous.orders),
        averageOrderValue: percentChange(totals.averageOrderValueCents, previous.averageOrderValueCents),
        units: percentChange(totals.units, previous.units),
      },
    };
  }

  async orders(query: DateRangeQuery) {
    const range = this.range(query);
    const rows = await ordersByStatus(this.deps.db, range, this.deps.timezone);
    const byStatus = STATUSES.map((status) => rows.find((r) => r.status === status) ?? { status, orders: 0, valueCents: 0 });
    const totalOrders = byStatus.reduce((s, r) => s + r.orders, 0);
    const cancelled = byStatus.find((r) => r.status === 'cancelled')?.orders ?? 0;
    return {
      range: this.rangeView(range),
      byStatus,
      totalOrders,
      cancellationRate: totalOrders ? Math.round((cancelled / totalOrders) * 10_000) / 10_000 : 0,
    };
  }

  /** 404 when there is no such user, so a typo is not mistaken for a customer with no orders. */
  async customer(userId: string) {
    const { db } = this.deps;
    if (!(await findUserById(db, userId))) throw new UserNotFoundError();
    return customerSummary(db, userId);
  }

  async customers(query: SalesQuery) {
    const { db, timezone } = this.deps;
    const range = this.range(query);
    const [buckets, spenders, repeat] = await Promise.all([
      customersByBucket(db, range, query.interval, timezone),
      topSpenders(db, range, timezone),
      repeatPurchaseRate(db, range, timezone),
    ]);
    return { range: this.rangeView(range), interval: query.interval, buckets, topSpenders: spenders, repeatPurchaseRate: repeat };
  }

  async products(query: DateRangeQuery) {
    const { db, timezone, lowStockThreshold } = this.deps;
    const range = this.range(query);
    const [topSellers, lowStock, neverSold, bestRated] = await Promise.all([
      topProducts(db, range, timezone),
      lowStockProducts(db, lowStockThreshold),
      neverSoldProducts(db),
      bestRatedProducts(db),
    ]);
    return {
      range: this.rangeView(range),
      ...topSellers,
      lowStock,
      lowStockThreshold,
      neverSold: neverSold.items,
      neverSoldCount: neverSold.count,
      bestRated,
    };
  }

  /** The dashboard in one call; its figures come from the same queries as the reports. */
  async dashboard(): Promise<DashboardStats> {
    const { db, timezone, lowStockThreshold } = this.deps;
    const today = todayIn(timezone, this.deps.now?.());
    const kpi = async (days: number) => {
      const range: DayRange = { from: addDays(today, -(days - 1)), to: today, days };
      const prev = previousRange(range);
      const [current, previous, customers] = await Promise.all([
        salesTotals(db, range, timezone),
        salesTotals(db, prev, timezone),
        newCustomers(db, range, timezone),
      ]);
      return {
        ...current,
        newCustomers: customers,
        change: {
          revenue: percentChange(current.revenueCents, previous.revenueCents),
          orders: percentChange(current.orders, previous.orders),
          averageOrderValue: percentChange(current.averageOrderValueCents, previous.averageOrderValueCents),
        },
      };
    };
    const [d1, d7, d30, pendingOrders, lowStockCount, latest] = await Promise.all([
      kpi(1),
      kpi(7),
      kpi(30),
      pendingOrderCount(db),
      countLowStock(db, lowStockThreshold),
      latestOrders(db),
    ]);
    return {
      currency: this.deps.currency,
      timezone,
      today: d1,
      last7Days: d7,
      last30Days: d30,
      pendingOrders,
      lowStockCount,
      latestOrders: latest,
    };
  }
}
