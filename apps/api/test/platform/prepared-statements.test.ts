import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProductListQuerySchema } from '@emporium/contracts';
import pg from 'pg';
import { namedStatementsOf, PREPARED_PER_CONNECTION, prepareStatements } from '../../src/db/named-statements.js';
import { PREPARED_SHAPES_PER_HANDLE, preparedShapeCount } from '../../src/db/prepared.js';
import { pagePhases, planProductPage } from '../../src/modules/products/product-search.js';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, startTestApp, type TestContext } from '../helpers/test-app.js';
import { createScratchPostgres } from '../helpers/test-database.js';

const onPostgres = Boolean(process.env.DATABASE_URL);

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SORTS = [undefined, 'newest', 'price_asc', 'price_desc', 'rating', 'name', 'relevance'];
const WORDS = ['mug', 'lamp', 'blue', 'oak', 'kettle', 'blu', 'mugg', 'lmap', 'tea', 'pot'];

/** `count` product list queries, each a different mix of filters, sort, limit and values. */
function listQueries(count: number, slugs: string[]): URLSearchParams[] {
  const next = random(20_261_207);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)] as T;
  const queries: URLSearchParams[] = [];
  for (let i = 0; i < count; i++) {
    const query = new URLSearchParams({ limit: String(1 + Math.floor(next() * 150)) });
    const sort = pick(SORTS);
    if (sort) query.set('sort', sort);
    if (next() < 0.5) {
      const words = [pick(WORDS), `w${i.toString(36)}`].slice(0, 1 + Math.floor(next() * 2));
      if (next() < 0.2) words.push(`-${pick(WORDS)}`);
      if (next() < 0.1) words.push(`"${pick(WORDS)} ${pick(WORDS)}"`);
      query.set('q', words.join(' '));
    }
    if (next() < 0.4) query.set('category', next() < 0.7 ? pick(slugs) : `no-such-category-${i}`);
    if (next() < 0.5) query.set('minPriceCents', String(Math.floor(next() * 5000)));
    if (next() < 0.5) query.set('maxPriceCents', String(Math.floor(next() * 50_000)));
    if (next() < 0.4) query.set('inStock', String(next() < 0.5));
    if (next() < 0.4) query.set('featured', String(next() < 0.5));
    if (next() < 0.3) query.set('minRating', (next() * 5).toFixed(2));
    queries.push(query);
  }
  return queries;
}

/** The statement shapes a list query runs: which filters and sort, never their values. */
function shapesOf(query: URLSearchParams): string[] {
  const parsed = ProductListQuerySchema.parse(Object.fromEntries(query));
  return pagePhases(parsed).map((phase) => planProductPage(parsed, { includeInactive: false, phase }).shape);
}

describe('prepared statements under thousands of distinct list queries', { timeout: 600_000 }, () => {
  let ctx: TestContext;
  let slugs: string[];
  // A small pool, so each connection sees far more statements than it may keep.
  const POOL_SIZE = 2;

  before(async () => {
    ctx = await startTestApp({ CATALOG_CACHE: 'off' }, { poolSize: POOL_SIZE });
    const admin = await createUserAndSignIn(ctx, { role: 'admin' });
    const parent = await makeCategory(ctx, admin, { name: 'Kitchen' });
    const child = await makeCategory(ctx, admin, { name: 'Teaware', parentId: parent.id });
    slugs = [parent.slug, child.slug];
    const names = ['Blue Mug', 'Oak Lamp', 'Copper Kettle', 'Glass Teapot', 'Red Mug', 'Linen Lamp'];
    for (const [i, name] of names.entries()) {
      await makeProduct(ctx, admin, {
        name,
        priceCents: 500 + i * 700,
        stockQuantity: i % 3,
        isFeatured: i % 2 === 0,
        categoryId: i % 2 ? child.id : parent.id,
      });
    }
  });
  after(() => ctx?.close());

  /** What each pool connection holds: its named statements as PostgreSQL, pg and our LRU count them. */
  async function perConnection() {
    const pool = (ctx.db as unknown as { $client: pg.Pool }).$client;
    // Every connection of the pool at once, so each is asked about itself.
    const clients = await Promise.all(Array.from({ length: pool.totalCount }, () => pool.connect()));
    try {
      return await Promise.all(
        clients.map(async (client) => {
          const { rows } = await client.query<{ statements: number; plan_sources: number; backend_bytes: number }>(
            `select (select count(*)::int from pg_prepared_statements) as statements,
                    (select count(*)::int from pg_backend_memory_contexts where name = 'CachedPlanSource') as plan_sources,
                    (select sum(total_bytes)::int from pg_backend_memory_contexts) as backend_bytes`,
          );
          const parsed = (client as unknown as { connection: { parsedStatements: object } }).connection.parsedStatements;
          return {
            ...(rows[0] as { statements: number; plan_sources: number; backend_bytes: number }),
            tracked: namedStatementsOf.get(client)?.size ?? -1,
            parsedByPg: Object.keys(parsed).length,
          };
        }),
      );
    } finally {
      for (const client of clients) client.release();
    }
  }

  it('when 3,000 distinct product list queries arrive, then every one answers and the statements kept stay bounded in Node and PostgreSQL', async (t) => {
    const queries = listQueries(3000, slugs);
    const shapes = new Set(queries.flatMap(shapesOf));
    // The queries need more statements than may be kept: the bounds are what holds them.
    assert.ok(shapes.size > PREPARED_SHAPES_PER_HANDLE, `only ${shapes.size} shapes`);
    assert.ok(shapes.size < queries.length / 2, `values must not make shapes: ${shapes.size} for ${queries.length} queries`);

    const checkpoints: Awaited<ReturnType<typeof perConnection>>[] = [];
    for (const [i, query] of queries.entries()) {
      const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/products?${query}` });
      assert.equal(res.statusCode, 200, `${query}: ${res.body}`);
      assert.ok(res.json().items.length <= 100);
      if ((i + 1) % 1000 === 0) {
        assert.ok(preparedShapeCount(ctx.db) <= PREPARED_SHAPES_PER_HANDLE, `${preparedShapeCount(ctx.db)} built queries`);
        if (onPostgres) checkpoints.push(await perConnection());
      }
    }
    assert.equal(preparedShapeCount(ctx.db), PREPARED_SHAPES_PER_HANDLE);
    if (!onPostgres) return;

    // Bytes are reported, not asserted: they depend on the server's allocator.
    t.diagnostic(`per connection at each 1,000 queries: ${JSON.stringify(checkpoints)}`);
    for (const connections of checkpoints) {
      assert.equal(connections.length, POOL_SIZE);
      for (const c of connections) {
        assert.ok(c.statements <= PREPARED_PER_CONNECTION, `${c.statements} prepared statements on one connection`);
        // What Node believes the server holds is what it holds: an evicted name is gone from both.
        assert.equal(c.tracked, c.statements);
        assert.equal(c.parsedByPg, c.statements);
      }
    }
    // The server's cached plans are the statements' and a few of its own functions' (plpgsql):
    // once every connection is full, they stop growing.
    for (const c of checkpoints.flat()) assert.ok(c.plan_sources <= c.statements + 64, `${c.plan_sources} cached plans`);
    const planSources = (connections: (typeof checkpoints)[number] = []) => connections.reduce((sum, c) => sum + c.plan_sources, 0);
    assert.ok(
      checkpoints.at(-2)?.every((c) => c.statements === PREPARED_PER_CONNECTION),
      'every connection fills',
    );
    assert.ok(planSources(checkpoints.at(-1)) <= planSources(checkpoints.at(-2)) + 16, 'cached plans grew once full');
  });

  it('when a page size changes, then the same statement serves it (the limit is a parameter)', () => {
    const shapes = new Set(
      ['1', '20', '99', '100', '1000'].map((limit) =>
        shapesOf(new URLSearchParams({ limit, sort: 'price_asc', minPriceCents: limit })).join(),
      ),
    );
    assert.equal(shapes.size, 1);
  });
});

describe('named statements of one connection', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)' }, () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  let client: pg.Client;
  const CAPACITY = 3;

  before(async () => {
    scratch = await createScratchPostgres();
  });
  after(async () => {
    await client?.end();
    await scratch?.drop();
  });

  /** A connection of its own, naming its statements as the pool's do, keeping at most CAPACITY. */
  async function connect(): Promise<void> {
    await client?.end();
    client = new pg.Client({ connectionString: scratch?.url });
    await client.connect();
    prepareStatements(client as unknown as pg.PoolClient, CAPACITY);
  }

  // As drizzle sends them: a config object with values, one text per `n`.
  const statement = (n: number) => client.query<{ v: number }>({ text: `select $1::int + ${n} as v`, values: [1] });
  const onServer = async () => (await client.query<{ n: number }>('select count(*)::int as n from pg_prepared_statements')).rows[0]?.n;

  it('when more statements are used than a connection keeps, then the oldest are deallocated and still run when used again', async () => {
    await connect();
    for (let n = 0; n < 10; n++) assert.equal((await statement(n)).rows[0]?.v, 1 + n);
    assert.equal(await onServer(), CAPACITY);
    // Evicted long ago: pg must send its Parse again rather than trust its own map.
    for (let n = 0; n < 10; n++) assert.equal((await statement(n)).rows[0]?.v, 1 + n);
    assert.equal(await onServer(), CAPACITY);
    assert.equal(namedStatementsOf.get(client as unknown as pg.PoolClient)?.size, CAPACITY);
  });

  it('when a statement is evicted inside an aborted transaction, then it is deallocated after it and every statement still runs', async () => {
    await connect();
    for (let n = 100; n < 100 + CAPACITY; n++) await statement(n);
    await client.query('begin');
    await assert.rejects(client.query('select 1/0'));
    // Evicts the oldest while every command fails: its DEALLOCATE fails too, and it stays.
    await assert.rejects(statement(200));
    await client.query('rollback');
    assert.equal(await onServer(), CAPACITY);
    // The next eviction deallocates it as well.
    await statement(201);
    assert.equal(await onServer(), CAPACITY - 1);
    for (const n of [100, 101, 102, 200, 201]) assert.equal((await statement(n)).rows[0]?.v, 1 + n);
    assert.ok(((await onServer()) ?? 0) <= CAPACITY);
  });
});
