import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProductListQuerySchema } from '@emporium/contracts';
import { fillPlaceholders, sql } from 'drizzle-orm';
import type pg from 'pg';
import { openDatabase, rowsOf } from '../../src/db/client.js';
import { encodeCursor } from '../../src/lib/cursor.js';
import { pagePhases, planProductPage, type SearchPhase } from '../../src/modules/products/product-search.js';
import { findProductPage, productPageQuery, searchPageQuery, termPageQuery } from '../../src/modules/products/products.repository.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** A next-page cursor of a price sort: after 1,000 cents. */
const PRICE_CURSOR = encodeCursor(['price_asc', 1000, '00000000-0000-4000-8000-000000000000']);

// Query plans only mean something on a real server with real statistics.
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('catalog indexes on 50,000 products', { skip: !onPostgres && 'PostgreSQL only (set DATABASE_URL)', timeout: 300_000 }, () => {
  let testDb: TestDatabase;
  before(async () => {
    // Seeding 50,000 products in one statement on a busy machine can outlast the requests' timeout.
    testDb = await createTestDatabase({ statementTimeoutMs: 300_000 });
    const { db } = testDb.database;
    await db.execute(sql`insert into categories (name, slug) select 'Category ' || g, 'category-' || g from generate_series(1, 60) g`);
    // category-1 has two sub-categories; the others have none.
    await db.execute(
      sql`update categories set parent_id = (select id from categories where slug = 'category-1') where slug in ('category-2', 'category-3')`,
    );
    await db.execute(sql`
      insert into products (name, slug, sku, description, price_cents, compare_at_price_cents, stock_quantity, is_active, is_featured, category_id, rating_average, rating_count, created_at)
      select (array['Blue','Red','Green','Oak','Linen','Copper','Wool','Glass'])[1 + g % 8] || ' ' ||
             (array['Mug','Lamp','Board','Throw','Kettle','Vase','Bowl','Shirt','Tent','Pen'])[1 + (g / 8) % 10] || ' ' || g,
             'product-' || g, 'SKU-' || g, 'A well made thing number ' || g,
             100 + (g * 7919) % 50000, null, (g * 31) % 200, g % 50 <> 0, g % 97 = 0,
             (select id from categories order by slug offset (g % 60) limit 1),
             case when g % 3 = 0 then null else round((1 + (g % 400) / 100.0)::numeric, 2) end, (g % 3),
             now() - make_interval(mins => g)
      from generate_series(1, 50000) g`);
    await db.execute(sql`analyze products`);
    await db.execute(sql`analyze categories`);
    await db.execute(sql`analyze product_views`);
    await db.execute(sql`analyze product_search_terms`);
  });
  after(() => testDb?.drop());

  /**
   * The plan of the page query, as PostgreSQL makes it for these values (custom) and as a
   * prepared statement may settle on after a few runs (generic: parameters unknown).
   */
  async function plan(queryString: string, mode: 'custom' | 'generic', phase?: SearchPhase, byTerm = false): Promise<string> {
    const query = ProductListQuerySchema.parse(Object.fromEntries(new URLSearchParams(queryString)));
    const pagePlan = planProductPage(query, { includeInactive: false, phase });
    const { db } = testDb.database;
    if (byTerm && !pagePlan.termWhere) throw new Error(`${queryString} is not read from the search terms`);
    const { sql: text, params } = (
      byTerm && pagePlan.termWhere ? termPageQuery(db, pagePlan.termWhere, false) : productPageQuery(db, pagePlan, false)
    ).toSQL();
    return explain(text, fillPlaceholders(params, { ...pagePlan.params, limit: query.limit + 1 }), mode);
  }

  /** The plan of a statement as a prepared statement with these values (custom) or any (generic). */
  async function explain(text: string, values: unknown[], mode: 'custom' | 'generic', analyze = false): Promise<string> {
    const pool = (testDb.database.db as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    try {
      await client.query(`set plan_cache_mode = ${mode === 'generic' ? 'force_generic_plan' : 'force_custom_plan'}`);
      const literals = values.map((v) => client.escapeLiteral(Array.isArray(v) ? `{${v.join(',')}}` : String(v)));
      await client.query(`prepare page as ${text}`);
      const args = literals.length ? `(${literals.join(', ')})` : '';
      const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain ${analyze ? '(analyze) ' : ''}execute page${args}`);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    } finally {
      await client.query('deallocate all; reset plan_cache_mode');
      client.release();
    }
  }

  /** The plan of a several-word search's one statement (searchPageQuery), run. */
  async function searchPagePlan(q: string, mode: 'custom' | 'generic'): Promise<string> {
    const query = ProductListQuerySchema.parse({ q });
    const text = planProductPage(query, { includeInactive: false, phase: 'text' });
    const typo = planProductPage(query, { includeInactive: false, phase: 'typo' });
    const statement = searchPageQuery(testDb.database.db, text, typo, false).toSQL();
    return explain(
      statement.sql,
      fillPlaceholders(statement.params, { ...text.params, ...typo.params, limit: query.limit + 1 }),
      mode,
      true,
    );
  }

  for (const mode of ['custom', 'generic'] as const) {
    it(`when several words are searched in one statement, then the ${mode} plan reads each phase by its index and runs a phase only when the page needs it`, async () => {
      // Full-text matches fill the page: the typo phase is never run.
      const filled = await searchPagePlan('blue mug', mode);
      assert.match(filled, /products_search_vector_idx/, filled);
      assert.match(filled, /One-Time Filter[\s\S]*never executed/, filled);
      assert.doesNotMatch(filled, /Bitmap Index Scan on products_search_words_idx\s+\(cost=[^)]*\)\s+\(actual/, filled);
      // Misspelt: nothing matches as typed, and the typo phase reads the words' index.
      const typo = await searchPagePlan('blu mugg', mode);
      assert.match(typo, /Bitmap Index Scan on products_search_words_idx\s+\(cost=[^)]*\)\s+\(actual/, typo);
      // "the mug" is one word to the full-text parser: its page comes from the term index.
      const oneTerm = await searchPagePlan('the mug', mode);
      assert.match(oneTerm, /product_search_terms_rank_idx/, oneTerm);
      for (const text of [filled, typo, oneTerm]) assert.doesNotMatch(text, /Seq Scan on (products|product_views)/, text);
    });
  }

  it('when a page statement runs with ever different page sizes, then PostgreSQL settles on one generic plan rather than planning each run', async () => {
    // One connection, so every run is the same prepared statement.
    const single = await openDatabase({ url: testDb.url, poolSize: 1 });
    try {
      for (const qs of ['sort=price_asc', 'category=category-1&sort=newest', 'q=lamp&sort=name', 'q=blue%20mug']) {
        for (let run = 0; run < 12; run++) {
          const query = ProductListQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(qs)), limit: String(1 + run * 9) });
          const [phase] = pagePhases(query);
          await findProductPage(single.db, planProductPage(query, { includeInactive: false, phase }), query.limit + 1, false);
        }
      }
      const statements = rowsOf<{ statement: string; generic_plans: string; custom_plans: string }>(
        await single.db.execute(sql`select statement, generic_plans, custom_plans from pg_prepared_statements where name like 'q\_%'`),
      );
      assert.ok(statements.length >= 4, `${statements.length} page statements`);
      for (const s of statements) {
        assert.ok(Number(s.generic_plans) > 0 && Number(s.custom_plans) <= 5, `${s.custom_plans} custom plans: ${s.statement}`);
      }
    } finally {
      await single.close();
    }
  });

  const cases: [label: string, query: string, index: RegExp, phase?: SearchPhase][] = [
    ['newest (default)', 'limit=20', /products_newest_idx/],
    ['price ascending', 'sort=price_asc', /products_price_idx/],
    ['price descending', 'sort=price_desc', /products_price_idx/],
    ['rating', 'sort=rating', /products_rating_idx/],
    ['name', 'sort=name', /products_name_idx/],
    ['featured', 'featured=true', /products_featured_idx/],
    ['category + price ascending', 'category=category-10&sort=price_asc', /products_category_price_idx/],
    ['category + newest', 'category=category-10&sort=newest', /products_category_newest_idx/],
    ['category tree + price', 'category=category-1&sort=price_asc', /products_category_price_idx/],
    ['category tree + price, next page', `category=category-1&sort=price_asc&cursor=${PRICE_CURSOR}`, /products_category_price_idx/],
    ['search in a category tree', 'q=lamp&category=category-1', /products_search_vector_idx/, 'text'],
    ['price range', 'minPriceCents=1000&maxPriceCents=1200&sort=price_asc', /products_price_idx/],
    ['in stock, newest', 'inStock=true', /products_newest_idx/],
    ['minimum rating', 'minRating=4.5&sort=rating', /products_rating_idx/],
    ['full-text search (relevance, first phase)', 'q=blue%20mug', /products_search_vector_idx/, 'text'],
    ['typo search (relevance, second phase)', 'q=blu%20mugg', /products_search_words_idx/, 'typo'],
    ['search sorted by price', 'q=lamp&sort=price_asc', /products_search_(vector|words)_idx|products_price_idx/],
  ];

  it('when searching by relevance, then the generic plan parses the query once (an InitPlan), not once per ranked row', async () => {
    const text = await plan('q=blue%20mug', 'generic', 'text');
    assert.match(text, /InitPlan/, text);
    assert.doesNotMatch(text, /ts_rank\(\w+\.search_vector, websearch_to_tsquery/, text);
  });

  // A one-word search reads its page from the front of the term's run of the index, in order.
  for (const [label, query] of [
    ['one-word search (relevance, from the search terms)', 'q=lamp'],
    ['one-word search, next page', `q=lamp&cursor=${encodeCursor(['relevance', 2.05, '00000000-0000-4000-8000-000000000000'])}`],
  ]) {
    for (const mode of ['custom', 'generic'] as const) {
      it(`when listing by ${label}, then the ${mode} plan reads product_search_terms_rank_idx in order`, async () => {
        const text = await plan(query as string, mode, 'text', true);
        assert.match(text, /Index (Only )?Scan using product_search_terms_rank_idx/, text);
        assert.doesNotMatch(text, /Seq Scan|Bitmap/, text);
        // Only the page's rows are sorted (the outer ORDER BY), nothing under the LIMIT.
        assert.doesNotMatch(text, /Limit[\s\S]*Sort/, text);
      });
    }
  }

  for (const [label, query, index, phase] of cases) {
    for (const mode of ['custom', 'generic'] as const) {
      it(`when listing by ${label}, then the ${mode} plan uses ${index.source} and never scans the whole table`, async () => {
        const text = await plan(query, mode, phase);
        assert.match(text, index, text);
        assert.doesNotMatch(text, /Seq Scan on products/, text);
        // A page reads only its own products' views (by key), never the whole table of them.
        assert.doesNotMatch(text, /Seq Scan on product_views/, text);
      });
    }
  }
});
