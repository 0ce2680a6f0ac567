/**
 * `npm run bench -- --compare <git-ref>`: the working tree (new) against another commit (old),
 * in one run on one machine. The old commit is checked out in a temporary worktree, installed
 * and built; both APIs run on copies of the same data, and each scenario is measured on one,
 * then the other, alternating which goes first (ABBA…), so that a shared machine's drift
 * falls on both sides alike. It prints each scenario's ratio new/old (the median of the
 * rounds) and the spread of the rounds' ratios.
 *
 * The data set is loaded by the old commit's code, and the new API migrates its copy forward
 * at start, as an upgrade of a running shop would.
 *
 * `BENCH_OLD_ENV` and `BENCH_NEW_ENV` ("NAME=value NAME=value") set variables on one side only:
 * `BENCH_NEW_ENV="METRICS_PORT=19464" npm run bench -- --compare HEAD` measures what turning
 * the metrics on costs the same code. `BENCH_ONLY=<regular expression>` measures only the
 * scenarios whose names match (`BENCH_ONLY=checkout`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { BENCH_PASSWORD } from './dataset.js';
import { type Api, load, login, root, type Scenario, startApi, stop } from './harness.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = Number(process.env.BENCH_WARMUP ?? 2);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5);
const ADMIN = { email: 'bench-admin@bench.test', password: 'bench admin password' };
const PORTS = { old: 18_012, new: 18_013 };
/** `BENCH_ONLY=<regular expression>`: measure only the scenarios whose names match. */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const SIDE_ENV = { old: sideEnv('BENCH_OLD_ENV'), new: sideEnv('BENCH_NEW_ENV') };

/** "NAME=value NAME=value" from the environment variable `name`, as an object. */
function sideEnv(name: string): Record<string, string> {
  const pairs = (process.env[name] ?? '').split(/\s+/).filter(Boolean);
  return Object.fromEntries(
    pairs.map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`${name}: "${pair}" is not NAME=value`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}
const DATABASES = { old: 'emporium_compare_old', new: 'emporium_compare_new' };

function log(line: string) {
  process.stdout.write(`${line}\n`);
}
function sh(command: string, args: string[], cwd: string) {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
}

export async function compare(ref: string, server: string): Promise<void> {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' }).trim();
  // One checkout per commit, kept between runs: installing and building it is most of a short run.
  const oldRoot = join(tmpdir(), `emporium-compare-${sha.slice(0, 12)}`);
  if (!existsSync(join(oldRoot, 'apps/api/dist/server.js'))) {
    rmSync(oldRoot, { recursive: true, force: true });
    execFileSync('git', ['worktree', 'prune'], { cwd: root });
    log(`checking out ${ref} (${sha.slice(0, 12)}) in ${oldRoot}…`);
    sh('git', ['worktree', 'add', '--detach', '--force', oldRoot, sha], root);
    log('installing its dependencies (npm ci)…');
    sh('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], oldRoot);
    log('building its API…');
    buildApi(oldRoot);
  }
  if (!existsSync(join(oldRoot, 'bench/dataset.ts'))) throw new Error(`${ref} has no bench/dataset.ts to load the data set with`);
  log('building the working tree’s API…');
  buildApi(root);

  const urls = await loadData(server, oldRoot);
  const dataDir = mkdtempSync(join(tmpdir(), 'emporium-compare-'));
  const side = (name: 'old' | 'new', env: Record<string, string> = {}) =>
    startApi({
      apiRoot: join(name === 'old' ? oldRoot : root, 'apps/api'),
      databaseUrl: urls[name],
      port: PORTS[name],
      dataDir: join(dataDir, name),
      admin: ADMIN,
      // Every request comes from one address: no per-client limit may refuse the load.
      env: { RATE_LIMIT_PER_MINUTE: '100000000', ...SIDE_ENV[name], ...env },
    });

  const rows: Row[] = [];
  const catalogPaths = await pathsOf(urls.old);
  for (const cache of ['on', 'off'] as const) {
    const apis = { old: await side('old', { CATALOG_CACHE: cache }), new: await side('new', { CATALOG_CACHE: cache }) };
    const suffix = cache === 'on' ? '' : ' [CATALOG_CACHE=off]';
    const reads: [string, (base: string) => Scenario][] = [
      ['GET /products?limit=20', (url) => ({ name: '', url, sequence: [{ method: 'GET', path: '/api/v1/products?limit=20' }] })],
      [
        'GET /products?limit=20 (Accept-Encoding: br, gzip)',
        (url) => ({
          name: '',
          url,
          sequence: [{ method: 'GET', path: '/api/v1/products?limit=20', headers: { 'accept-encoding': 'br, gzip' } }],
        }),
      ],
      [
        'GET /products?category=…&sort=price_asc',
        (url) => ({ name: '', url, sequence: [{ method: 'GET', path: '/', paths: catalogPaths.categories }] }),
      ],
      ['GET /products/slug/<slug>', (url) => ({ name: '', url, sequence: [{ method: 'GET', path: '/', paths: catalogPaths.products }] })],
      ['GET /products?q=<word>', (url) => ({ name: '', url, sequence: [{ method: 'GET', path: '/', paths: catalogPaths.searches }] })],
    ];
    for (const [name, scenario] of reads) rows.push(...(await alternate(`${name}${suffix}`, apis, scenario)));
    if (cache === 'on') {
      const tokens = {
        old: await signIn(apis.old, catalogPaths.customers),
        new: await signIn(apis.new, catalogPaths.customers),
      };
      rows.push(
        ...(await alternate('GET /cart (signed in)', apis, (url, name) => ({
          name: '',
          url,
          tokens: tokens[name],
          sequence: [{ method: 'GET', path: '/api/v1/cart' }],
        }))),
      );
      rows.push(
        ...(await alternate('checkout (POST /cart/items + POST /orders)', apis, (url, name) => ({
          name: '',
          url,
          tokens: tokens[name],
          sequence: [
            {
              method: 'POST',
              path: '/api/v1/cart/items',
              perConnectionBodies: tokens[name].map((_, i) => ({ productId: catalogPaths.productIds[i], quantity: 1 })),
            },
            {
              method: 'POST',
              path: '/api/v1/orders',
              body: {
                shippingAddress: { fullName: 'Bench Buyer', line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
              },
            },
          ],
        }))),
      );
    }
    await stop(apis.old.child);
    await stop(apis.new.child);
  }
  rmSync(dataDir, { recursive: true, force: true });
  report(ref, sha, rows);
}

function buildApi(tree: string) {
  sh('npm', ['run', 'build', '--silent', '-w', '@emporium/contracts'], tree);
  sh('npm', ['run', 'build', '--silent', '-w', '@emporium/api'], tree);
}

/** The data set loaded by the old commit's own code, vacuumed, then copied for the new side. */
async function loadData(server: string, oldRoot: string): Promise<{ old: string; new: string }> {
  const urlOf = (name: string) => {
    const url = new URL(server);
    url.pathname = `/${name}`;
    return url.toString();
  };
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  for (const name of Object.values(DATABASES)) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${DATABASES.old}`);
  log(`loading the data set into ${DATABASES.old} with ${oldRoot}'s code…`);
  const { openDatabase } = (await import(
    pathToFileURL(join(oldRoot, 'apps/api/src/db/client.ts')).href
  )) as typeof import('../apps/api/src/db/client.js');
  const { loadDataset } = (await import(pathToFileURL(join(oldRoot, 'bench/dataset.ts')).href)) as typeof import('./dataset.js');
  // Loading the data set takes longer than any request may: no statement timeout.
  const database = await openDatabase({ url: urlOf(DATABASES.old), statementTimeoutMs: 0 });
  await database.migrate();
  await loadDataset(database.db, (step, done, total) => log(`  ${done}/${total} ${step}`));
  await database.close();
  const data = new pg.Client({ connectionString: urlOf(DATABASES.old) });
  await data.connect();
  // As the bench: stock that lasts the whole run for the checkouts.
  await data.query(
    `update products set stock_quantity = 1000000, is_active = true where sku in (select 'BENCH-' || g from generate_series(1, 2000) g)`,
  );
  await data.query('vacuum (full, analyze)');
  await data.end();
  await admin.query(`create database ${DATABASES.new} template ${DATABASES.old}`);
  await admin.end();
  return { old: urlOf(DATABASES.old), new: urlOf(DATABASES.new) };
}

async function pathsOf(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const products = (
    await client.query<{ id: string; slug: string; category: string }>(
      `select p.id, p.slug, c.slug as category from products p join categories c on c.id = p.category_id
       where p.sku in (select 'BENCH-' || g from generate_series(1, 2000) g) order by p.sku`,
    )
  ).rows;
  const customers = (
    await client.query<{ email: string }>(`select email from users where email like 'customer%@bench.test' order by email limit 50`)
  ).rows;
  await client.end();
  const words = ['mug', 'lamp', 'oak', 'linen', 'kettle', 'vase', 'copper', 'wool', 'glass', 'tent', 'blu mugg', 'ceramc bowl'];
  return {
    categories: [...new Set(products.map((p) => p.category))].map((c) => `/api/v1/products?category=${c}&sort=price_asc`),
    products: products.slice(0, 500).map((p) => `/api/v1/products/slug/${p.slug}`),
    productIds: products.map((p) => p.id),
    searches: words.map((w) => `/api/v1/products?q=${encodeURIComponent(w)}&limit=20`),
    customers: customers.map((c) => c.email),
  };
}

function signIn(api: Api, emails: string[]): Promise<string[]> {
  return Promise.all(emails.map((email) => login(api.base, email, BENCH_PASSWORD)));
}

interface Measurement {
  requestsPerSecond: number;
  p99Ms: number;
  non2xx: number;
}
interface Row {
  scenario: string;
  old: Measurement[];
  new: Measurement[];
  ratios: number[];
}

/** `ROUNDS` measurements of each side, the first side alternating: old, new; new, old; … */
async function alternate(
  scenario: string,
  apis: { old: Api; new: Api },
  build: (url: string, side: 'old' | 'new') => Scenario,
): Promise<Row[]> {
  if (ONLY && !ONLY.test(scenario)) return [];
  log(`measuring ${scenario}…`);
  const row: Row = { scenario, old: [], new: [], ratios: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
    for (const name of order) {
      const s = build(apis[name].base, name);
      await load(s, WARMUP_S);
      await new Promise((r) => setTimeout(r, 500));
      const r = await load(s, DURATION_S);
      row[name].push({ requestsPerSecond: Math.round(r.requests.average), p99Ms: r.latency.p99, non2xx: r.non2xx + r.errors + r.timeouts });
    }
    const last = (list: Measurement[]) => list[list.length - 1]?.requestsPerSecond ?? 0;
    row.ratios.push(Math.round((last(row.new) / Math.max(1, last(row.old))) * 100) / 100);
  }
  log(`  new/old by round: ${row.ratios.join(', ')}`);
  return [row];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function report(ref: string, sha: string, rows: Row[]) {
  const cell = (list: Measurement[]) => list.map((m) => m.requestsPerSecond).join(' / ');
  const failures = (list: Measurement[]) => list.reduce((n, m) => n + m.non2xx, 0);
  const lines = [
    `| scenario | old req/s (${ref}) | new req/s (working tree) | new/old (median) | spread | failed requests old / new |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${cell(r.old)} | ${cell(r.new)} | ${median(r.ratios).toFixed(2)} | ${Math.min(...r.ratios).toFixed(2)}–${Math.max(...r.ratios).toFixed(2)} | ${failures(r.old)} / ${failures(r.new)} |`,
    ),
  ];
  const sides = (['old', 'new'] as const)
    .filter((name) => Object.keys(SIDE_ENV[name]).length > 0)
    .map(
      (name) =>
        `; ${name} side with ${Object.entries(SIDE_ENV[name])
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
    )
    .join('');
  const head = `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}; ${ROUNDS} rounds of ${DURATION_S} s per side after ${WARMUP_S} s of warm-up${sides}`;
  log('');
  log(head);
  for (const line of lines) log(line);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results/compare.json');
  writeFileSync(file, `${JSON.stringify({ ranAt: new Date().toISOString(), old: { ref, sha }, machine: head, rows }, null, 2)}\n`);
  log(`\nWritten to ${file}`);
}
