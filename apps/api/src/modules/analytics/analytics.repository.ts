import type { OrderStatus, ProductsReport, SalesTotals } from '@emporium/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import type { DayRange } from './date-range.js';

export type Interval = 'day' | 'week' | 'month';

/** Orders that count as sales: paid or later, and neither cancelled nor refunded. */
const COUNTED = sql.raw(`o.status in ('paid', 'processing', 'shipped', 'delivered')`);

function within(range: Pick<DayRange, 'from' | 'to'>, timezone: string, column: SQL = sql.raw('o.created_at')): SQL {
  return sql`${column} >= (${range.from}::date)::timestamp at time zone ${timezone} and ${column} < ((${range.to}::date + 1)::timestamp at time zone ${timezone})`;
}

function bucketOf(column: SQL, interval: Interval, timezone: string): SQL {
  return sql`date_trunc(${interval}::text, ${column} at time zone ${timezone})::date`;
}

function buckets(range: DayRange, interval: Interval): SQL {
  return sql`select generate_series(date_trunc(${interval}::text, (${range.from}::date)::timestamp), (${range.to}::date)::timestamp, ('1 ' || ${interval})::interval)::date as start`;
}

const toTotals = (r: { orders: unknown; revenue: unknown; units: unknown }): SalesTotals => {
  const orders = Number(r.orders);
  const revenueCents = Number(r.revenue);
  return { orders, revenueCents, units: Number(r.units), averageOrderValueCents: orders ? Math.round(revenueCents / orders) : 0 };
};

export async function salesByBucket(
  db: Db,
  range: DayRange,
  interval: Interval,
  timezone: string,
): Promise<(SalesTotals & { start: string })[]> {
  const result = await db.execute(sql`
    with b as (${buckets(range, interval)}),
    o as (
      select ${bucketOf(sql.raw('o.created_at'), interval, timezone)} as start, count(*) as orders, sum(o.total_cents) as revenue, sum(o.item_count) as units
      from orders o where ${within(range, timezone)} and ${COUNTED} group by 1
    )
    select to_char(b.start, 'YYYY-MM-DD') as start, coalesce(o.orders, 0) as orders, coalesce(o.revenue, 0) as revenue, coalesce(o.units, 0) as units
    from b left join o on o.start = b.start
    order by b.start`);
  return rowsOf<{ start: string; orders: unknown; revenue: unknown; units: unknown }>(result).map((r) => ({
    start: r.start,
    ...toTotals(r),
  }));
}

export async function salesTotals(db: Db, range: Pick<DayRange, 'from' | 'to'>, timezone: string): Promise<SalesTotals> {
  const result = await db.execute(sql`
    select count(*) as orders, coalesce(sum(o.total_cents), 0) as revenue, coalesce(sum(o.item_count), 0) as units
    from orders o where ${within(range, timezone)} and ${COUNTED}`);
  const [row] = rowsOf<{ orders: unknown; revenue: unknown; units: unknown }>(result);
  return toTotals(row ?? { orders: 0, revenue: 0, units: 0 });
}

export async function ordersByStatus(
  db: Db,
  range: DayRange,
  timezone: string,
): Promise<{ status: OrderStatus; orders: number; valueCents: number }[]> {
  const result = await db.execute(sql`
    select o.status, count(*) as orders, coalesce(sum(o.total_cents), 0) as value from orders o where ${within(range, timezone)} group by o.status`);
  return rowsOf<{ status: OrderStatus; orders: unknown; value: unknown }>(result).map((r) => ({
    status: r.status,
    orders: Number(r.orders),
    valueCents: Number(r.value),
  }));
}

export async function customersByBucket(db: Db, range: DayRange, interval: Interval, timezone: string) {
  const result = await db.execute(sql`
    with b as (${buckets(range, interval)}),
    firsts as (select o.user_id, min(o.created_at) as first_at from orders o where ${COUNTED} group by o.user_id),
    buyers as (
      select distinct ${bucketOf(sql.raw('o.created_at'), interval, timezone)} as start, o.user_id
      from orders o where ${within(range, timezone)} and ${COUNTED}
    ),
    counted as (
      select bu.start,
        count(*) filter (where ${bucketOf(sql.raw('f.first_at'), interval, timezone)} = bu.start) as new_customers,
        count(*) filter (where ${bucketOf(sql.raw('f.first_at'), interval, timezone)} < bu.start) as returning_customers
      from buyers bu join firsts f on f.user_id = bu.user_id group by bu.start
    )
    select to_char(b.start, 'YYYY-MM-DD') as start, coalesce(c.new_customers, 0) as new_customers, coalesce(c.returning_customers, 0) as returning_customers
    from b left join counted c on c.start = b.start order by b.start`);
  return rowsOf<{ start: string; new_customers: unknown; returning_customers: unknown }>(result).map((r) => ({
    start: r.start,
    newCustomers: Number(r.new_customers),
    returningCustomers: Number(r.returning_customers),
  }));
}

export async function topSpenders(db: Db, range: DayRange, timezone: string, limit = 10) {
  const result = await db.execute(sql`
    select u.id, u.full_name, u.email,
      coalesce(sum(o.total_cents) filter (where ${within(range, timezone)}), 0) as spent,
      sum(o.total_cents) as lifetime, count(*) as orders
    from orders o join users u on u.id = o.user_id
    where ${COUNTED}
    group by u.id
    having count(*) filter (where ${within(range, timezone)}) > 0
    order by spent desc, u.id
    limit ${limit}`);
  return rowsOf<{ id: string; full_name: string; email: string; spent: unknown; lifetime: unknown; orders: unknown }>(result).map((r) => ({
    userId: r.id,
    fullName: r.full_name,
    email: r.email,
    spentInRangeCents: Number(r.spent),
    lifetimeValueCents: Number(r.lifetime),
    orderCount: Number(r.orders),
  }));
}

/** Of the customers who bought in the range, the share with two or more purchases by its end. */
export async function repeatPurchaseRate(db: Db, range: DayRange, timezone: string): Promise<number> {
  const result = await db.execute(sql`
    with buyers as (select distinct o.user_id from orders o where ${within(range, timezone)} and ${COUNTED}),
    history as (
      select o.user_id, count(*) as n from orders o join buyers b on b.user_id = o.user_id
      where ${COUNTED} and o.created_at < ((${range.to}::date + 1)::timestamp at time zone ${timezone}) group by o.user_id
    )
    select count(*) as buyers, count(*) filter (where n >= 2) as repeaters from history`);
  const [row] = rowsOf<{ buyers: unknown; repeaters: unknown }>(result);
  const buyers = Number(row?.buyers ?? 0);
  return buyers ? Math.round((Number(row?.repeaters ?? 0) / buyers) * 10_000) / 10_000 : 0;
}

/**
 * The best sellers of the range by units and by revenue, from one pass over its order lines:
 * each ranking of its own cost a full aggregation of the same lines.
 */
export async function topProducts(
  db: Db,
  range: DayRange,
  timezone: string,
  limit = 10,
): Promise<Pick<ProductsReport, 'topByUnits' | 'topByRevenue'>> {
  const result = await db.execute(sql`
    with sold as materialized (
      select i.product_id, max(i.name) as name, max(i.sku) as sku, sum(i.quantity) as units, sum(i.line_total_cents) as revenue
      from order_items i join orders o on o.id = i.order_id
      where ${within(range, timezone)} and ${COUNTED}
      group by i.product_id
    )
    (select 'units' as ranking, * from sold order by units desc, revenue desc, product_id limit ${limit})
    union all
    (select 'revenue' as ranking, * from sold order by revenue desc, units desc, product_id limit ${limit})`);
  const rows = rowsOf<{ ranking: string; product_id: string; name: string; sku: string; units: unknown; revenue: unknown }>(result);
  const ranked = (ranking: string) =>
    rows
      .filter((r) => r.ranking === ranking)
      .map((r) => ({ productId: r.product_id, name: r.name, sku: r.sku, units: Number(r.units), revenueCents: Number(r.revenue) }));
  return { topByUnits: ranked('units'), topByRevenue: ranked('revenue') };
}

export async function lowStockProducts(db: Db, threshold: number, limit = 50) {
  const result = await db.execute(sql`
    select id, name, sku, stock_quantity from products where is_active and stock_quantity <= ${threshold} order by stock_quantity, name, id limit ${limit}`);
  return rowsOf<{ id: string; name: string; sku: string; stock_quantity: number }>(result).map((r) => ({
    productId: r.id,
    name: r.name,
    sku: r.sku,
    stockQuantity: Number(r.stock_quantity),
  }));
}

export async function countLowStock(db: Db, threshold: number): Promise<number> {
  const [row] = rowsOf<{ n: unknown }>(
    await db.execute(sql`select count(*) as n from products where is_active and stock_quantity <= ${threshold}`),
  );
  return Number(row?.n ?? 0);
}

/** Active products no counted order ever contained (`sold`, from units_sold kept by triggers), the total alongside the first page. */
export async function neverSoldProducts(db: Db, limit = 20) {
  const rows = rowsOf<{ id: string; name: string; sku: string; stock_quantity: number; total: unknown }>(
    await db.execute(sql`
      select p.id, p.name, p.sku, p.stock_quantity, (select count(*) from products where is_active and not sold) as total
      from products p
      where p.is_active and not p.sold
      order by p.created_at, p.id limit ${limit}`),
  );
  return {
    items: rows.map((r) => ({ productId: r.id, name: r.name, sku: r.sku, stockQuantity: Number(r.stock_quantity) })),
    count: Number(rows[0]?.total ?? 0),
  };
}

export async function bestRatedProducts(db: Db, limit = 10) {
  const result = await db.execute(sql`
    select id, name, sku, rating_average, rating_count from products
    where is_active and rating_count > 0 order by rating_average desc, rating_count desc, id limit ${limit}`);
  return rowsOf<{ id: string; name: string; sku: string; rating_average: unknown; rating_count: unknown }>(result).map((r) => ({
    productId: r.id,
    name: r.name,
    sku: r.sku,
    ratingAverage: Number(r.rating_average),
    ratingCount: Number(r.rating_count),
  }));
}

export async function newCustomers(db: Db, range: Pick<DayRange, 'from' | 'to'>, timezone: string): Promise<number> {
  const [row] = rowsOf<{ n: unknown }>(
    await db.execute(
      sql`select count(*) as n from users u where u.role = 'customer' and u.deleted_at is null and ${within(range, timezone, sql.raw('u.created_at'))}`,
    ),
  );
  return Number(row?.n ?? 0);
}

export async function pendingOrderCount(db: Db): Promise<number> {
  const [row] = rowsOf<{ n: unknown }>(await db.execute(sql`select count(*) as n from orders where status = 'pending'`));
  return Number(row?.n ?? 0);
}

export async function latestOrders(db: Db, limit = 10) {
  const result = await db.execute(sql`
    select o.id, o.order_number, o.status, o.total_cents, u.full_name, o.created_at
    from orders o join users u on u.id = o.user_id order by o.created_at desc, o.id desc limit ${limit}`);
  return rowsOf<{
    id: string;
    order_number: string;
    status: OrderStatus;
    total_cents: unknown;
    full_name: string;
    created_at: string | Date;
  }>(result).map((r) => ({
    id: r.id,
    orderNumber: r.order_number,
    status: r.status,
    totalCents: Number(r.total_cents),
    customerName: r.full_name,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** A customer's counted orders: how many, how much, first and last. */
export async function customerSummary(db: Db, userId: string) {
  const result = await db.execute(sql`
    select count(*) as orders, coalesce(sum(o.total_cents), 0) as lifetime, min(o.created_at) as first, max(o.created_at) as last
    from orders o where o.user_id = ${userId} and ${COUNTED}`);
  const [row] = rowsOf<{ orders: unknown; lifetime: unknown; first: unknown; last: unknown }>(result);
  const orderCount = Number(row?.orders ?? 0);
  const lifetimeValueCents = Number(row?.lifetime ?? 0);
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date).toISOString());
  return {
    userId,
    orderCount,
    lifetimeValueCents,
    averageOrderValueCents: orderCount ? Math.round(lifetimeValueCents / orderCount) : 0,
    firstOrderAt: iso(row?.first),
    lastOrderAt: iso(row?.last),
  };
}
