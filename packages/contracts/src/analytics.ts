import { z } from 'zod';
import { OrderStatusSchema } from './order-status.js';
import { IsoDateSchema as isoDate } from './query.js';

/** A range of whole days in the store's time zone, both days included; default: the last 30 days. */
export const DateRangeQuerySchema = z.strictObject({
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const SalesQuerySchema = DateRangeQuerySchema.extend({ interval: z.enum(['day', 'week', 'month']).default('day') });
export type SalesQuery = z.infer<typeof SalesQuerySchema>;
export type DateRangeQuery = z.infer<typeof DateRangeQuerySchema>;

const Range = z.object({ from: z.string(), to: z.string(), timezone: z.string() });
const Change = z.number().nullable().describe('Percent change against the previous period of equal length; null when that was zero');

export const SalesTotalsSchema = z.object({
  revenueCents: z.number().int(),
  orders: z.number().int(),
  averageOrderValueCents: z.number().int(),
  units: z.number().int(),
});
export type SalesTotals = z.infer<typeof SalesTotalsSchema>;

export const SalesReportSchema = z.object({
  range: Range,
  interval: z.enum(['day', 'week', 'month']),
  currency: z.string(),
  buckets: z.array(SalesTotalsSchema.extend({ start: z.string().describe('First day of the bucket') })),
  totals: SalesTotalsSchema,
  previous: SalesTotalsSchema.extend({ from: z.string(), to: z.string() }),
  change: z.object({ revenue: Change, orders: Change, averageOrderValue: Change, units: Change }),
});
export type SalesReport = z.infer<typeof SalesReportSchema>;

export const OrdersReportSchema = z.object({
  range: Range,
  byStatus: z.array(z.object({ status: OrderStatusSchema, orders: z.number().int(), valueCents: z.number().int() })),
  totalOrders: z.number().int(),
  cancellationRate: z.number().describe('Cancelled orders ÷ all orders in the range (0–1)'),
});

export const CustomersReportSchema = z.object({
  range: Range,
  interval: z.enum(['day', 'week', 'month']),
  buckets: z.array(z.object({ start: z.string(), newCustomers: z.number().int(), returningCustomers: z.number().int() })),
  topSpenders: z.array(
    z.object({
      userId: z.uuid(),
      fullName: z.string(),
      email: z.string(),
      spentInRangeCents: z.number().int(),
      lifetimeValueCents: z.number().int(),
      orderCount: z.number().int(),
    }),
  ),
  repeatPurchaseRate: z.number().describe('Share of the range’s buyers who have bought more than once (0–1)'),
});

const ProductRef = z.object({ productId: z.uuid(), name: z.string(), sku: z.string() });
export const ProductsReportSchema = z.object({
  range: Range,
  topByUnits: z.array(ProductRef.extend({ units: z.number().int(), revenueCents: z.number().int() })),
  topByRevenue: z.array(ProductRef.extend({ units: z.number().int(), revenueCents: z.number().int() })),
  lowStock: z.array(ProductRef.extend({ stockQuantity: z.number().int() })),
  lowStockThreshold: z.number().int(),
  neverSold: z.array(ProductRef.extend({ stockQuantity: z.number().int() })),
  neverSoldCount: z.number().int(),
  bestRated: z.array(ProductRef.extend({ ratingAverage: z.number(), ratingCount: z.number().int() })),
});
export type ProductsReport = z.infer<typeof ProductsReportSchema>;

const Kpi = SalesTotalsSchema.extend({
  change: z.object({ revenue: Change, orders: Change, averageOrderValue: Change }),
  newCustomers: z.number().int(),
});
export const DashboardStatsSchema = z.object({
  currency: z.string(),
  timezone: z.string(),
  today: Kpi,
  last7Days: Kpi,
  last30Days: Kpi,
  pendingOrders: z.number().int(),
  lowStockCount: z.number().int(),
  latestOrders: z.array(
    z.object({
      id: z.uuid(),
      orderNumber: z.string(),
      status: OrderStatusSchema,
      totalCents: z.number().int(),
      customerName: z.string(),
      createdAt: z.string(),
    }),
  ),
});
export type DashboardStats = z.infer<typeof DashboardStatsSchema>;

/** One customer's lifetime numbers (orders that were paid, not cancelled or refunded). */
export const CustomerSummarySchema = z.object({
  userId: z.uuid(),
  orderCount: z.number().int(),
  lifetimeValueCents: z.number().int(),
  averageOrderValueCents: z.number().int(),
  firstOrderAt: z.string().nullable(),
  lastOrderAt: z.string().nullable(),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;
export const CustomerIdParamsSchema = z.strictObject({ id: z.uuid({ message: 'must be a UUID' }) });
