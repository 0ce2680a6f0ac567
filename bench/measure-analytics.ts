import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../apps/api/src/db/client.js';
import { AnalyticsService } from '../apps/api/src/modules/analytics/analytics.service.js';
import { loadDataset } from './dataset.js';

const server = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const name = `emporium_measure_${randomBytes(3).toString('hex')}`;
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(server);
url.pathname = `/${name}`;
const database = await openDatabase({ url: url.toString(), statementTimeoutMs: 0 });
try {
  await database.migrate();
  const t0 = Date.now();
  await loadDataset(database.db, (step, done, total) =>
    process.stdout.write(`[${done}/${total}] ${step} (${((Date.now() - t0) / 1000).toFixed(1)} s)\n`),
  );
  const analytics = new AnalyticsService({ db: database.db, timezone: 'UTC', currency: 'USD', lowStockThreshold: 5 });
  const calls: [string, () => Promise<unknown>][] = [
    ['sales 30d/day', () => analytics.sales({ interval: 'day' })],
    ['sales 2y/month', () => analytics.sales({ interval: 'month', from: '2024-11-01', to: '2026-11-22' })],
    ['sales 1y/week', () => analytics.sales({ interval: 'week', from: '2025-11-22', to: '2026-11-22' })],
    ['orders 30d', () => analytics.orders({})],
    ['customers 30d', () => analytics.customers({ interval: 'day' })],
    ['customers 1y', () => analytics.customers({ interval: 'month', from: '2025-11-22', to: '2026-11-22' })],
    ['products 30d', () => analytics.products({})],
    ['dashboard', () => analytics.dashboard()],
  ];
  for (const [label, call] of calls) {
    await call();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await call();
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    process.stdout.write(`${label.padEnd(18)} p50 ${times[2]?.toFixed(1)} ms  max ${times[4]?.toFixed(1)} ms\n`);
  }
} finally {
  await database.close();
  await admin.query(`drop database ${name} with (force)`);
  await admin.end();
}
