/**
 * `npm run bench`: loads the benchmark data set into a fresh PostgreSQL database, starts the
 * built API as its own process (production mode), and drives it with wrk (autocannon where wrk
 * is not installed) from another process, scenario by scenario, next to a bare node:http
 * ceiling measured in the same run. `npm run bench -- --compare <git-ref>` instead measures the
 * working tree against another commit, alternating (see compare.ts).
 */
import { type ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, rowsOf } from '../apps/api/src/db/client.js';
import { BENCH_PASSWORD, DATASET, loadDataset } from './dataset.js';
import {
  type Api,
  CLK_TCK,
  CONNECTIONS,
  cpuTicks,
  type LoadResult,
  load,
  login,
  machineSince,
  machineTicks,
  root,
  rssMb,
  type Scenario,
  type Step,
  startApi as startApi_,
  stop,
  waitFor,
} from './harness.js';

const server = process.env.DATABASE_URL;
if (!server) {
  process.stdout.write(
    'npm run bench needs PostgreSQL (the embedded database is not a benchmark target).\n' +
      'Point it at a server it may create a database on, e.g.:\n\n' +
      '  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench\n\n' +
      'It creates (and afterwards keeps) the database emporium_bench on that server.\n',
  );
  process.exit(0);
}

const compareAt = process.argv.indexOf('--compare');
if (compareAt >= 0) {
  const ref = process.argv[compareAt + 1];
  if (!ref) {
    process.stderr.write('usage: npm run bench -- --compare <git-ref>\n');
    process.exit(2);
  }
  const { compare } = await import('./compare.js');
  await compare(ref, server);
  process.exit(0);
}

// The ceiling (and the login ceiling), the API (with and without the cache) and the web shop
// listen here. A server left on one of them (a second bench, an API started by hand) would
// answer in their place.
const PORTS = [18_001, 18_002, 18_003, 18_004];
const taken = (
  await Promise.all(
    PORTS.map(
      (port) =>
        new Promise<number | undefined>((resolve) => {
          const probe = createServer();
          probe.once('error', () => resolve(port));
          probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(undefined)));
        }),
    ),
  )
).filter((port) => port !== undefined);
if (taken.length > 0) {
  process.stderr.write(
    `npm run bench needs ports ${PORTS.join(', ')} on 127.0.0.1; in use: ${taken.join(', ')}. Stop what listens there.\n`,
  );
  process.exit(1);
}

const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'emporium-bench-'));
const ADMIN = { email: 'bench-admin@bench.test', password: 'bench admin password' };

function log(line: string) {
  process.stdout.write(`${line}\n`);
}

interface Result {
  name: string;
  generator: LoadResult['generator'];
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  serverCpuPercent: number | null;
  serverPeakRssMb: number | null;
  /**
   * Of the whole machine's CPU time (every core) during the measured window: how much was idle
   * and how much the hypervisor took for other guests (steal), in per cent. A shared machine's
   * speed moves with the second; this shows by how much while a scenario was measured.
   */
  machine: { idlePercent: number; stolenPercent: number };
  ratioToCeiling?: number;
  /**
   * The ceiling measured just before and just after this scenario (req/s), for the scenarios
   * whose target is a share of the ceiling: their ratio is to the mean of the two.
   */
  ceilingNextToIt?: { before: number; after: number };
  note?: string;
}

async function measure(scenario: Scenario, pid: number | undefined): Promise<Result> {
  await load(scenario, WARMUP_S);
  // Requests the warm-up left in flight finish before the measured window starts.
  await new Promise((r) => setTimeout(r, 1000));
  let peak = 0;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssMb(pid))), 100) : undefined;
  const ticks = pid ? cpuTicks(pid) : 0;
  const machineBefore = machineTicks();
  const started = performance.now();
  const r = await load(scenario, DURATION_S);
  const seconds = (performance.now() - started) / 1000;
  const machine = machineSince(machineBefore);
  clearInterval(sampler);
  const statusCodes = Object.fromEntries(
    Object.entries((r.statusCodeStats ?? {}) as Record<string, { count: number }>).map(([k, v]) => [k, v.count]),
  );
  return {
    name: scenario.name,
    generator: r.generator,
    requestsPerSecond: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    serverCpuPercent: pid ? Math.round(((cpuTicks(pid) - ticks) / CLK_TCK / seconds) * 100) : null,
    serverPeakRssMb: pid ? peak : null,
    machine,
  };
}

// ---------- the API process ----------

/** The API as `npm run start:prod` runs it, on this tree's build. */
function startApi(databaseUrl: string, port: number, env: Record<string, string> = {}): Promise<Api> {
  return startApi_({ apiRoot: `${root}apps/api`, databaseUrl, port, dataDir, admin: ADMIN, env });
}

/** This process's environment for a child with libuv's default pool (undefined) or `threads`. */
function withThreadPool(threads: number | undefined): NodeJS.ProcessEnv {
  const { UV_THREADPOOL_SIZE: _inherited, ...env } = process.env;
  return threads ? { ...env, UV_THREADPOOL_SIZE: String(threads) } : env;
}

/**
 * What the password hash alone allows on this machine (see bench/hash-rate.ts): the best of a
 * run with libuv's default thread pool and one with a thread per core, and how much of the
 * machine the hypervisor took while they ran.
 */
function hashThroughput(): { rate: number; stolenPercent: number } {
  const before = machineTicks();
  const rate = (threads: number | undefined) =>
    Number(
      execFileSync(process.execPath, [...process.execArgv, `${root}bench/hash-rate.ts`], {
        encoding: 'utf8',
        env: withThreadPool(threads),
      }),
    );
  const best = Math.max(rate(undefined), rate(availableParallelism()));
  return { rate: best, stolenPercent: machineSince(before).stolenPercent };
}

// ---------- main ----------

const dbName = 'emporium_bench';
const admin = new pg.Client({ connectionString: server });
await admin.connect();
await admin.query(`drop database if exists ${dbName} with (force)`);
await admin.query(`create database ${dbName}`);
await admin.end();
const url = new URL(server);
url.pathname = `/${dbName}`;
const databaseUrl = url.toString();

const database = await openDatabase({ url: databaseUrl, statementTimeoutMs: 0 });
await database.migrate();
const loadStarted = performance.now();
await loadDataset(database.db, (step, done, total) => {
  const width = 24;
  const bar = '#'.repeat(Math.round((done / total) * width)).padEnd(width, '.');
  log(`  [${bar}] ${done}/${total} ${step} (${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`);
});
const loadSeconds = Math.round((performance.now() - loadStarted) / 100) / 10;
const { db } = database;
// Stock that lasts the whole run for the cart and checkout scenarios; one hot product with 500.
await db.execute(
  sql`update products set stock_quantity = 1000000, is_active = true where sku in (select 'BENCH-' || g from generate_series(1, 2000) g)`,
);
const pool = rowsOf<{ id: string; slug: string; category: string }>(
  await db.execute(
    sql`select p.id, p.slug, c.slug as category from products p join categories c on c.id = p.category_id where p.sku in (select 'BENCH-' || g from generate_series(1, 2000) g) order by p.sku`,
  ),
);
const HOT_STOCK = 500;
const hot = pool[pool.length - 1];
if (!hot) throw new Error('no products');
await db.execute(sql`update products set stock_quantity = ${HOT_STOCK} where id = ${hot.id}`);
const customers = rowsOf<{ email: string; id: string }>(
  await db.execute(sql`select email, id from users where email like 'customer%@bench.test' order by email limit 1000`),
);
// A database just loaded keeps autovacuum and the checkpointer busy for minutes, which took
// CPU from the first scenarios (and, by slowing every request, grew the API's heap). Settle it.
// The load writes most rows more than once (the triggers that keep each product's images,
// view, rating and units sold rewrite it per image, review and order line): products, their
// views and orders came out 2-3 times their size (185 MB of products for 78 MB of rows), a
// table no shop that grew with autovacuum, or was restored from a dump, would have. A full
// vacuum writes each table once, as the rows are.
log('vacuum (full, analyze) and checkpoint…');
await db.execute(sql`vacuum (full, analyze)`);
await db.execute(sql`checkpoint`).catch(() => log('  (no permission to checkpoint: skipped)'));
await database.close();

log('building the API (npm run build)…');
execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });

// Ceiling.
const ceilingPort = 18_001;
async function startCeiling(): Promise<ChildProcess> {
  const child = fork(`${root}bench/ceiling-server.mjs`, { env: { PORT: String(ceilingPort) }, stdio: 'ignore' });
  await waitFor(`http://127.0.0.1:${ceilingPort}/`, 10_000);
  return child;
}
const ceiling = await startCeiling();

const results: Result[] = [];
const run = async (scenario: Scenario, pid: number | undefined, note?: string) => {
  log(`measuring ${scenario.name}…`);
  const r = await measure(scenario, pid);
  if (note) r.note = note;
  results.push(r);
  return r;
};
const ceilingScenario: Scenario = {
  name: '1 ceiling (node:http, 1 KB JSON)',
  url: `http://127.0.0.1:${ceilingPort}`,
  sequence: [{ method: 'GET', path: '/' }],
};
const ceilingResult = await run(ceilingScenario, ceiling.pid);
// Each scenario is compared with the ceiling as measured by the same load generator (every
// scenario runs on the one the ceiling ran on).
const ceilings = { [ceilingResult.generator]: ceilingResult };
/**
 * The ceiling again, unrecorded as a row of its own: a shared machine's speed moves by tens of
 * per cent within a run (−36 % between the first ceiling and the last in one run), so a
 * scenario whose target is a share of the ceiling is compared with the ceiling measured on
 * either side of it, not only with the first (its note gives both ratios).
 */
const ceilingNow = async () => (await measure(ceilingScenario, ceiling.pid)).requestsPerSecond;

const api = await startApi(databaseUrl, 18_002);
const base = api.base;
const tokens = await Promise.all(customers.slice(0, CONNECTIONS).map((c) => login(base, c.email, BENCH_PASSWORD)));
const adminToken = await login(base, ADMIN.email, ADMIN.password);
const catalog = (withCache: string) =>
  [
    { name: `2 GET /products?limit=20${withCache}`, url: base, sequence: [{ method: 'GET', path: '/api/v1/products?limit=20' }] },
    {
      name: `3 GET /products?category=…&sort=price_asc${withCache}`,
      url: base,
      sequence: [
        {
          method: 'GET',
          path: '/',
          paths: [...new Set(pool.map((p) => p.category))].map((c) => `/api/v1/products?category=${c}&sort=price_asc`),
        },
      ],
    },
    {
      name: `5 GET /products/slug/<slug>${withCache}`,
      url: base,
      sequence: [{ method: 'GET', path: '/', paths: pool.slice(0, 500).map((p) => `/api/v1/products/slug/${p.slug}`) }],
    },
  ] satisfies Scenario[];

const words = ['mug', 'lamp', 'oak', 'linen', 'kettle', 'vase', 'copper', 'wool', 'glass', 'tent', 'blu mugg', 'ceramc bowl'];
const searchPaths = words.map((w) => `/api/v1/products?q=${encodeURIComponent(w)}&limit=20`);
// The cached reads, each between two measurements of the ceiling (the first is row 1's).
let ceilingBefore = ceilingResult.requestsPerSecond;
async function runBetweenCeilings(scenario: Scenario, note?: string) {
  const result = await run(scenario, api.pid, note);
  const ceilingAfter = await ceilingNow();
  result.ceilingNextToIt = { before: ceilingBefore, after: ceilingAfter };
  ceilingBefore = ceilingAfter;
}
for (const s of catalog('')) await runBetweenCeilings(s);
// Row 2 as a browser asks for it: the cache holds the br bytes, so a hit only picks them.
await runBetweenCeilings(
  {
    name: '2 GET /products?limit=20 (Accept-Encoding: br, gzip)',
    url: base,
    sequence: [{ method: 'GET', path: '/api/v1/products?limit=20', headers: { 'accept-encoding': 'br, gzip' } }],
  },
  'compressed (br) from the bytes stored with the cache entry',
);
await runBetweenCeilings(
  { name: '4 GET /products?q=<word>', url: base, sequence: [{ method: 'GET', path: '/', paths: searchPaths }] },
  '12 popular queries: answered from the catalog cache after the first',
);
ceiling.kill();
await run({ name: '6 GET /cart (signed in)', url: base, tokens, sequence: [{ method: 'GET', path: '/api/v1/cart' }] }, api.pid);
await run(
  {
    name: '7 POST /cart/items',
    url: base,
    tokens,
    sequence: [{ method: 'POST', path: '/api/v1/cart/items', bodies: pool.slice(0, 1500).map((p) => ({ productId: p.id, quantity: 1 })) }],
  },
  api.pid,
);
const pg2 = new pg.Client({ connectionString: databaseUrl });
await pg2.connect();
await pg2.query('delete from cart_items');
const ordersBefore = Number((await pg2.query('select count(*) from orders')).rows[0].count);
const address = {
  shippingAddress: { fullName: 'Bench Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
};
const checkout = await run(
  {
    name: '8 checkout (POST /cart/items + POST /orders)',
    url: base,
    tokens,
    sequence: [
      { method: 'POST', path: '/api/v1/cart/items', perConnectionBodies: tokens.map((_, i) => ({ productId: pool[i]?.id, quantity: 1 })) },
      { method: 'POST', path: '/api/v1/orders', body: address },
    ],
  },
  api.pid,
);
const ordersPlaced = Number((await pg2.query('select count(*) from orders')).rows[0].count) - ordersBefore;
checkout.note = `${Math.round((checkout.statusCodes['201'] ?? 0) / DURATION_S)} orders/s in the measured window; ${ordersPlaced} orders in all (warm-up included)`;
await pg2.query('delete from cart_items');
const soldBefore = Number(
  (await pg2.query('select coalesce(sum(quantity), 0) as n from order_items where product_id = $1', [hot.id])).rows[0].n,
);
const hotResult = await run(
  {
    name: `9 checkout of one hot product (stock ${HOT_STOCK})`,
    url: base,
    tokens,
    sequence: [
      { method: 'POST', path: '/api/v1/cart/items', body: { productId: hot.id, quantity: 1 } },
      { method: 'POST', path: '/api/v1/orders', body: address },
    ],
  },
  api.pid,
);
const sold =
  Number((await pg2.query('select coalesce(sum(quantity), 0) as n from order_items where product_id = $1', [hot.id])).rows[0].n) -
  soldBefore;
const hotStock = Number((await pg2.query('select stock_quantity from products where id = $1', [hot.id])).rows[0].stock_quantity);
hotResult.note = `sold ${sold} of ${HOT_STOCK}, stock now ${hotStock}${sold === HOT_STOCK && hotStock === 0 ? ' (exact)' : ' (WRONG)'}`;
// The checkouts queued thousands of order mails. The API's mail worker delivers them in the
// background; let it finish before the next scenarios, which it would otherwise share the
// CPU with (the login target compares with the hash alone, measured next).
const mailStarted = performance.now();
const pendingMails = async () => Number((await pg2.query(`select count(*) from mail_outbox where status = 'pending'`)).rows[0].count);
const queuedMails = await pendingMails();
while ((await pendingMails()) > 0 && performance.now() - mailStarted < 300_000) await new Promise((r) => setTimeout(r, 500));
const mailDrain = { queued: queuedMails, seconds: Math.round((performance.now() - mailStarted) / 100) / 10, left: await pendingMails() };
log(`  order mails: ${mailDrain.queued} still queued after the checkouts, delivered in ${mailDrain.seconds} s (${mailDrain.left} left)`);
await pg2.end();

// The hash alone is measured on either side of the logins, like the ceiling around the cached
// reads: the machine's speed moves by tens of per cent within minutes, and the ratio is to the
// mean of the two.
const hashesBefore = hashThroughput();
const loginStep: Step = {
  method: 'POST',
  path: '/api/v1/auth/login',
  bodies: customers.map((c) => ({ email: c.email, password: BENCH_PASSWORD })),
};
/**
 * The login ceiling (bench/login-ceiling-server.ts): a bare node:http server that only verifies
 * the password, with the API's password code. Measured as the API runs it (libuv's default pool
 * of four threads) and with a thread per core, as the hash alone is: what a login could reach
 * here if everything else it does cost nothing.
 */
async function loginCeiling(threads: number | undefined): Promise<Result> {
  const child = fork(`${root}bench/login-ceiling-server.ts`, {
    env: { ...withThreadPool(threads), PORT: String(ceilingPort) },
    stdio: 'ignore',
  });
  await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`login ceiling exited ${code}`)));
  });
  const pool = threads ? `a pool of ${threads} threads` : "libuv's default pool, as the API";
  const result = await run(
    {
      name: `10 login ceiling (node:http + the API's argon2id verification only; ${pool})`,
      url: `http://127.0.0.1:${ceilingPort}`,
      sequence: [loginStep],
    },
    child.pid,
  );
  child.removeAllListeners('exit');
  await stop(child);
  return result;
}
const loginCeilings = [await loginCeiling(undefined), await loginCeiling(availableParallelism())];
const loginResult = await run({ name: '10 POST /auth/login', url: base, sequence: [loginStep] }, api.pid);
const hashesAfter = hashThroughput();
const hashesPerSecond = { before: hashesBefore.rate, after: hashesAfter.rate };
const hashesMean = (hashesPerSecond.before + hashesPerSecond.after) / 2;
const ofHashes = (r: Result) => `${Math.round((r.requestsPerSecond / hashesMean) * 100)} %`;
loginResult.note =
  `argon2id alone: ${hashesPerSecond.before} and ${hashesPerSecond.after} verifications/s on ${availableParallelism()} cores before and after the logins ` +
  `(${hashesBefore.stolenPercent} and ${hashesAfter.stolenPercent} % of the machine stolen) → ${ofHashes(loginResult)}; ` +
  `the login ceilings just before: ${loginCeilings.map(ofHashes).join(' and ')}`;
for (const r of loginCeilings) r.note = `${ofHashes(r)} of the hash alone`;

for (const path of [
  '/api/v1/analytics/sales',
  '/api/v1/analytics/orders',
  '/api/v1/analytics/customers',
  '/api/v1/analytics/products',
  '/api/v1/admin/stats',
]) {
  // One admin at a time: the target is the latency a shop owner sees.
  await run(
    { name: `11 GET ${path.replace('/api/v1', '')}`, url: base, tokens: [adminToken], connections: 1, sequence: [{ method: 'GET', path }] },
    api.pid,
  );
}

// The web shop in front of this API: server render of product pages, and the JavaScript a
// browser loads for one (module scripts only: the noModule polyfills are never fetched by
// the browsers the shop supports).
const webPort = 18_004;
const web = spawn(process.execPath, [`${root}node_modules/next/dist/bin/next`, 'start', '--port', String(webPort)], {
  cwd: `${root}apps/web`,
  env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', API_URL: base, NEXT_TELEMETRY_DISABLED: '1' },
  stdio: 'ignore',
});
const webBase = `http://127.0.0.1:${webPort}`;
await waitFor(`${webBase}/robots.txt`, 30_000);
const productPage = `/products/${pool[0]?.slug}`;
const html = await (await fetch(`${webBase}${productPage}`)).text();
const scripts = [...html.matchAll(/<script src="([^"]+\.js)"([^>]*)>/g)]
  .filter((m) => !/noModule/i.test(m[2] ?? ''))
  .map((m) => m[1] as string);
let firstLoadJsBytes = 0;
for (const src of new Set(scripts))
  firstLoadJsBytes += gzipSync(Buffer.from(await (await fetch(`${webBase}${src}`)).arrayBuffer()), { level: 9 }).length;
const webResults = {
  productPageFirstLoadJsKbGzip: Math.round(firstLoadJsBytes / 1024),
};
await run(
  {
    name: '12 web: GET /products/<slug> (server render, 1 shopper)',
    url: webBase,
    connections: 1,
    sequence: [{ method: 'GET', path: '/', paths: pool.slice(0, 200).map((p) => `/products/${p.slug}`) }],
  },
  web.pid,
  `first-load JS of the product page: ${webResults.productPageFirstLoadJsKbGzip} KB gzip`,
);
await stop(web);

await stop(api.child);

const noCache = await startApi(databaseUrl, 18_003, { CATALOG_CACHE: 'off' });
for (const s of catalog(' [CATALOG_CACHE=off]')) await run({ ...s, url: noCache.base }, noCache.pid);
await run(
  {
    name: '4 GET /products?q=<word> [CATALOG_CACHE=off]',
    url: noCache.base,
    sequence: [{ method: 'GET', path: '/', paths: searchPaths }],
  },
  noCache.pid,
  'measured without the cache, so every request really searches',
);

await stop(noCache.child);

// The same ceiling once more: a shared machine's speed drifts, and a ratio is only as good as
// the ceiling it divides by. Ratios use the first, but for the cached reads (see ceilingNow);
// the table shows both.
const ceilingAgain = await startCeiling();
const lastCeiling = await run({ ...ceilingScenario, name: '1 ceiling again, after every scenario' }, ceilingAgain.pid);
ceilingAgain.kill();
const drift = Math.round((lastCeiling.requestsPerSecond / ceilingResult.requestsPerSecond - 1) * 100);
lastCeiling.note = `${drift >= 0 ? '+' : ''}${drift} % against the first: the machine's speed moved that much during the run`;

const ratio = (rps: number, ceilingRps: number) => Math.round((rps / ceilingRps) * 100) / 100;
for (const r of results) {
  const ceilingOf = ceilings[r.generator];
  if (!ceilingOf || r === lastCeiling || Object.values(ceilings).includes(r)) continue;
  const toFirst = ratio(r.requestsPerSecond, ceilingOf.requestsPerSecond);
  if (r.ceilingNextToIt) {
    const { before, after } = r.ceilingNextToIt;
    r.ratioToCeiling = ratio(r.requestsPerSecond, (before + after) / 2);
    const sides = `ratio to the mean of the ceilings measured just before and after it (${before} and ${after} req/s); to the first ceiling: ${toFirst}`;
    r.note = r.note ? `${r.note}; ${sides}` : sides;
  } else r.ratioToCeiling = toFirst;
}

// The server's version, and whether autovacuum runs: with it off (as on this repository's CI
// machine) nothing cleans up after the write scenarios but the bench's own VACUUM at the start.
const settings = new pg.Client({ connectionString: databaseUrl });
await settings.connect();
const [serverVersion, autovacuum] = await Promise.all(
  ['server_version', 'autovacuum'].map(async (name) => String((await settings.query(`show ${name}`)).rows[0][name])),
);
await settings.end();
const machine = {
  cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
  memoryGb: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: `PostgreSQL ${serverVersion?.split(' ')[0]} on ${url.host}${autovacuum === 'off' ? ' (autovacuum off)' : ''}`,
};
const report = {
  ranAt: new Date().toISOString(),
  machine,
  dataset: { ...DATASET, loadSeconds },
  settings: { connections: CONNECTIONS, warmupSeconds: WARMUP_S, durationSeconds: DURATION_S },
  coldStartMs: api.coldStartMs,
  idleRssMb: api.idleRssMb,
  hashesPerSecond,
  orderMails: mailDrain,
  web: webResults,
  results,
};
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(`${root}bench/results/latest.json`, `${JSON.stringify(report, null, 2)}\n`);

const row = (cells: (string | number | null | undefined)[]) =>
  `| ${cells.map((c) => (c === null || c === undefined ? '–' : String(c))).join(' | ')} |`;
log('');
log(`Machine: ${machine.cpus}, ${machine.memoryGb} GiB, Node ${machine.node}, ${machine.postgres}`);
log(`Data: ${DATASET.products} products, ${DATASET.customers} customers, ${DATASET.orders} orders (loaded in ${loadSeconds} s)`);
log(`Cold start (spawn → /health/ready 200): ${api.coldStartMs} ms; idle RSS ${api.idleRssMb} MB`);
log(
  `Order mails queued by the checkouts: ${mailDrain.queued} left after scenario 9, delivered in ${mailDrain.seconds} s before scenario 10`,
);
log('');
const headers = [
  'Scenario',
  'load',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'non-2xx',
  'server CPU %',
  'peak RSS MB',
  'machine idle / stolen %',
  '× ceiling',
  'notes',
];
log(row(headers));
log(row(headers.map(() => '---')));
for (const r of results) {
  const codes = Object.entries(r.statusCodes)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, n]) => `${n}×${code}`)
    .join(' ');
  log(
    row([
      r.name,
      r.generator,
      r.requestsPerSecond,
      r.p50Ms,
      r.p99Ms,
      r.errors,
      codes || 0,
      r.serverCpuPercent,
      r.serverPeakRssMb,
      `${r.machine.idlePercent} / ${r.machine.stolenPercent}`,
      r.ratioToCeiling,
      r.note,
    ]),
  );
}
log('\nWritten to bench/results/latest.json');
rmSync(dataDir, { recursive: true, force: true });
