import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/client.js';
import { orderItems, orders, products } from '../../src/db/schema/index.js';
import { insertUserUnlessEmailTaken } from '../../src/modules/users/users.repository.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, type SignedIn, startTestApp, type TestContext, uniqueEmail } from '../helpers/test-app.js';

/** As stored on an order row: every field present. */
const ADDRESS = { ...SHIPPING_ADDRESS, line2: '', phone: '' };

describe('admin analytics on data with known answers (store in America/New_York)', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  const ids: Record<string, string> = {};

  before(async () => {
    ctx = await startTestApp({ STORE_TIMEZONE: 'America/New_York', LOW_STOCK_THRESHOLD: '5' });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    for (const name of ['u1', 'u2', 'u3']) {
      const row = await insertUserUnlessEmailTaken(ctx.db, {
        email: uniqueEmail(name),
        fullName: `Customer ${name}`,
        passwordHash: 'x',
        isVerified: true,
      });
      ids[name] = row?.id ?? '';
    }
    for (const [name, stock] of [
      ['P1', 50],
      ['P2', 50],
      ['P3', 2],
      ['P4', 50],
      ['P5', 50],
    ] as const) {
      const [row] = await ctx.db
        .insert(products)
        .values({ name, slug: name.toLowerCase(), sku: name, priceCents: 100, stockQuantity: stock })
        .returning();
      ids[name] = row?.id ?? '';
    }
    let n = 0;
    const order = async (at: string, status: (typeof orders.$inferInsert)['status'], user: string, lines: [string, number, number][]) => {
      const total = lines.reduce((s, [, , cents]) => s + cents, 0);
      const [row] = await ctx.db
        .insert(orders)
        .values({
          orderNumber: `EM-TEST-${++n}`,
          userId: ids[user] ?? '',
          status,
          subtotalCents: total,
          totalCents: total,
          itemCount: lines.reduce((u, [, quantity]) => u + quantity, 0),
          currency: 'USD',
          shippingAddress: ADDRESS,
          createdAt: new Date(at),
        })
        .returning();
      for (const [product, quantity, cents] of lines) {
        await ctx.db.insert(orderItems).values({
          orderId: row?.id ?? '',
          productId: ids[product] ?? '',
          name: product,
          sku: product,
          unitPriceCents: cents / quantity,
          quantity,
          lineTotalCents: cents,
        });
      }
    };
    await order('2026-01-10T04:30:00Z', 'paid', 'u1', [['P1', 1, 1000]]); // Jan 9, 23:30 in New York
    await order('2026-01-10T05:30:00Z', 'shipped', 'u2', [['P2', 2, 2500]]); // Jan 10, 00:30
    await order('2026-01-10T20:00:00Z', 'cancelled', 'u1', [['P5', 1, 9999]]);
    await order('2026-01-11T12:00:00Z', 'delivered', 'u1', [['P1', 5, 500]]);
    await order('2026-01-11T13:00:00Z', 'pending', 'u2', [['P2', 1, 700]]);
    await order('2026-01-12T04:59:00Z', 'refunded', 'u3', [['P2', 1, 300]]); // Jan 11, 23:59
    await order('2026-01-08T12:00:00Z', 'paid', 'u3', [['P4', 1, 4000]]); // the previous period
  });
  after(() => ctx.close());

  const get = async (url: string, who: SignedIn = admin) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.auth });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  it('when sales are bucketed by day, then orders around midnight fall on the store’s day, and only paid-or-later orders count', async () => {
    const r = await get('/analytics/sales?from=2026-01-09&to=2026-01-11&interval=day');
    assert.deepEqual(
      r.buckets.map((b: { start: string; revenueCents: number; orders: number; units: number }) => [
        b.start,
        b.revenueCents,
        b.orders,
        b.units,
      ]),
      [
        ['2026-01-09', 1000, 1, 1],
        ['2026-01-10', 2500, 1, 2],
        ['2026-01-11', 500, 1, 5],
      ],
    );
    assert.deepEqual(r.totals, { revenueCents: 4000, orders: 3, units: 8, averageOrderValueCents: 1333 });
    assert.deepEqual(r.previous, {
      from: '2026-01-06',
      to: '2026-01-08',
      revenueCents: 4000,
      orders: 1,
      units: 1,
      averageOrderValueCents: 4000,
    });
    assert.deepEqual(r.change, { revenue: 0, orders: 200, averageOrderValue: -66.7, units: 700 });
    assert.equal(r.range.timezone, 'America/New_York');
  });

  it('when bucketed by week or month, then every bucket is present and they add up to the same totals', async () => {
    for (const interval of ['week', 'month']) {
      const r = await get(`/analytics/sales?from=2025-12-01&to=2026-01-31&interval=${interval}`);
      const sum = r.buckets.reduce((s: number, b: { revenueCents: number }) => s + b.revenueCents, 0);
      assert.equal(sum, r.totals.revenueCents);
      assert.equal(r.totals.revenueCents, 8000);
      if (interval === 'month')
        assert.deepEqual(
          r.buckets.map((b: { start: string }) => b.start),
          ['2025-12-01', '2026-01-01'],
        );
      else assert.equal(r.buckets.length, 9, 'Mondays from 1 Dec 2025 to 26 Jan 2026');
    }
    const empty = await get('/analytics/sales?from=2025-06-01&to=2025-06-30');
    assert.equal(empty.buckets.length, 30, 'zero-filled');
    assert.ok(empty.buckets.every((b: { revenueCents: number }) => b.revenueCents === 0));
  });

  it('when orders are counted by status, then every status appears and the cancellation rate is exact', async () => {
    const r = await get('/analytics/orders?from=2026-01-09&to=2026-01-11');
    const byStatus = Object.fromEntries(
      r.byStatus.map((s: { status: string; orders: number; valueCents: number }) => [s.status, [s.orders, s.valueCents]]),
    );
    assert.deepEqual(byStatus, {
      pending: [1, 700],
      paid: [1, 1000],
      processing: [0, 0],
      shipped: [1, 2500],
      delivered: [1, 500],
      cancelled: [1, 9999],
      refunded: [1, 300],
    });
    assert.equal(r.totalOrders, 6);
    assert.equal(r.cancellationRate, 0.1667);
  });

  it('when customers are analysed, then new vs returning per day, top spenders and the repeat rate are right', async () => {
    const r = await get('/analytics/customers?from=2026-01-09&to=2026-01-11');
    assert.deepEqual(
      r.buckets.map((b: { start: string; newCustomers: number; returningCustomers: number }) => [
        b.start,
        b.newCustomers,
        b.returningCustomers,
      ]),
      [
        ['2026-01-09', 1, 0],
        ['2026-01-10', 1, 0],
        ['2026-01-11', 0, 1],
      ],
    );
    assert.deepEqual(
      r.topSpenders.map((s: { userId: string; spentInRangeCents: number; lifetimeValueCents: number; orderCount: number }) => [
        s.userId,
        s.spentInRangeCents,
        s.lifetimeValueCents,
        s.orderCount,
      ]),
      [
        [ids.u2, 2500, 2500, 1],
        [ids.u1, 1500, 1500, 2],
      ],
    );
    assert.equal(r.repeatPurchaseRate, 0.5);
  });

  it('when one customer is looked up, then lifetime value, order count and first/last order count only paid-or-later orders', async () => {
    const r = await get(`/analytics/customers/${ids.u1}`);
    assert.equal(r.orderCount, 2);
    assert.equal(r.lifetimeValueCents, 1500);
    assert.equal(r.averageOrderValueCents, 750);
    assert.ok(r.firstOrderAt <= r.lastOrderAt);
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/analytics/customers/00000000-0000-4000-8000-000000000000',
      headers: admin.auth,
    });
    assert.equal(missing.statusCode, 404);
    const bad = await ctx.app.inject({ method: 'GET', url: '/api/v1/analytics/customers/nope', headers: admin.auth });
    assert.equal(bad.statusCode, 422);
  });

  it('when products are analysed, then top sellers, low stock, never sold and best rated are right', async () => {
    const r = await get('/analytics/products?from=2026-01-09&to=2026-01-11');
    assert.deepEqual(
      r.topByUnits.map((p: { name: string; units: number; revenueCents: number }) => [p.name, p.units, p.revenueCents]),
      [
        ['P1', 6, 1500],
        ['P2', 2, 2500],
      ],
    );
    assert.deepEqual(
      r.topByRevenue.map((p: { name: string }) => p.name),
      ['P2', 'P1'],
    );
    assert.deepEqual(
      r.lowStock.map((p: { name: string; stockQuantity: number }) => [p.name, p.stockQuantity]),
      [['P3', 2]],
    );
    assert.deepEqual(r.neverSold.map((p: { name: string }) => p.name).sort(), ['P3', 'P5']);
    assert.equal(r.neverSoldCount, 2);
  });

  it('when an order starts or stops counting, then units sold and never sold follow at once', async () => {
    const unitsSold = async () => {
      const rows = await ctx.db.select({ name: products.name, unitsSold: products.unitsSold }).from(products).orderBy(products.name);
      return Object.fromEntries(rows.map((r) => [r.name, r.unitsSold]));
    };
    // Counted orders only: P2's pending and refunded lines and P5's cancelled one are not sales.
    assert.deepEqual(await unitsSold(), { P1: 6, P2: 2, P3: 0, P4: 1, P5: 0 });
    const setStatus = (from: string, to: string) =>
      ctx.db.execute(sql`update orders set status = ${to} where status = ${from} and order_number like 'EM-TEST-%'`);

    await setStatus('cancelled', 'paid');
    assert.equal((await unitsSold()).P5, 1);
    let r = await get('/analytics/products');
    assert.deepEqual(
      r.neverSold.map((p: { name: string }) => p.name),
      ['P3'],
    );
    assert.equal(r.neverSoldCount, 1);

    await ctx.db.execute(sql`update orders set status = 'cancelled' where order_number = 'EM-TEST-3'`);
    await setStatus('pending', 'processing');
    assert.deepEqual(await unitsSold(), { P1: 6, P2: 3, P3: 0, P4: 1, P5: 0 });
    r = await get('/analytics/products');
    assert.deepEqual(r.neverSold.map((p: { name: string }) => p.name).sort(), ['P3', 'P5']);
    await setStatus('processing', 'pending');
    assert.equal((await unitsSold()).P2, 2);
  });

  it('when a sold product is counted again, then its row changes without touching any products index (a HOT update)', async () => {
    // An order turning paid adds to units_sold: with an index on that column (or in an index's
    // WHERE), each sale would rewrite an entry in every products index, two of them GIN.
    // The transaction's own counts (counts not yet flushed from earlier ones can show too: a delta).
    const updates = async (tx: typeof ctx.db) => {
      const [row] = rowsOf<{ n_tup_upd: unknown; n_tup_hot_upd: unknown }>(
        await tx.execute(sql`select n_tup_upd, n_tup_hot_upd from pg_stat_xact_user_tables where relname = 'products'`),
      );
      return { updates: Number(row?.n_tup_upd ?? 0), hot: Number(row?.n_tup_hot_upd ?? 0) };
    };
    let counts: { updates: number; hot: number } | undefined;
    await ctx.db
      .transaction(async (tx) => {
        const before = await updates(tx);
        await tx.execute(sql`select products_add_units_sold(jsonb_build_object(${ids.P1}::text, 1))`);
        const after = await updates(tx);
        counts = { updates: after.updates - before.updates, hot: after.hot - before.hot };
        tx.rollback();
      })
      .catch(() => undefined);
    assert.deepEqual(counts, { updates: 1, hot: 1 });
  });

  it('when ranges are bad, then 422; customers get 403 and anonymous callers 401', async () => {
    for (const qs of ['from=2026-02-01&to=2026-01-01', 'from=2015-01-01&to=2026-01-01', 'from=01/02/2026', 'interval=year', 'foo=1']) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/analytics/sales?${qs}`, headers: admin.auth });
      assert.equal(res.statusCode, 422, qs);
    }
    const customer = await createUserAndSignIn(ctx);
    for (const path of ['/analytics/sales', '/analytics/orders', '/analytics/customers', '/analytics/products', '/admin/stats']) {
      assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: customer.auth })).statusCode, 403, path);
      assert.equal((await ctx.app.inject({ method: 'GET', url: `/api/v1${path}` })).statusCode, 401, path);
    }
  });

  it('when the dashboard is read, then its numbers equal the analytics endpoints for the same days', async () => {
    const now = Date.now();
    // Recent orders: today and a few days ago, in the store's time zone.
    for (const [hoursAgo, cents] of [
      [1, 1200],
      [50, 3400],
      [200, 560],
    ] as const) {
      const [row] = await ctx.db
        .insert(orders)
        .values({
          orderNumber: `EM-RECENT-${hoursAgo}`,
          userId: ids.u3 ?? '',
          status: 'paid',
          subtotalCents: cents,
          totalCents: cents,
          currency: 'USD',
          shippingAddress: ADDRESS,
          createdAt: new Date(now - hoursAgo * 3600_000),
        })
        .returning();
      await ctx.db.insert(orderItems).values({
        orderId: row?.id ?? '',
        productId: ids.P4 ?? '',
        name: 'P4',
        sku: 'P4',
        unitPriceCents: cents,
        quantity: 1,
        lineTotalCents: cents,
      });
    }
    const stats = await get('/admin/stats');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(new Date(now));
    const minus = (d: number) => new Date(Date.parse(`${today}T00:00:00Z`) - d * 86_400_000).toISOString().slice(0, 10);
    for (const [key, days] of [
      ['today', 1],
      ['last7Days', 7],
      ['last30Days', 30],
    ] as const) {
      const sales = await get(`/analytics/sales?from=${minus(days - 1)}&to=${today}`);
      assert.equal(stats[key].revenueCents, sales.totals.revenueCents, key);
      assert.equal(stats[key].orders, sales.totals.orders, key);
      assert.equal(stats[key].averageOrderValueCents, sales.totals.averageOrderValueCents, key);
      assert.equal(stats[key].change.revenue, sales.change.revenue, key);
    }
    assert.equal(stats.pendingOrders, 1);
    assert.equal(stats.lowStockCount, 1);
    assert.equal(stats.latestOrders[0].orderNumber, 'EM-RECENT-1');
    assert.ok(stats.last30Days.newCustomers >= 3);
  });
});
