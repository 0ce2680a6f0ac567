import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { type ProductListQuery, ProductListQuerySchema } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../src/db/client.js';
import type { PageRow } from '../../src/modules/products/product-search.js';
import { nextProductCursor, pagePhases, planProductPage } from '../../src/modules/products/product-search.js';
import { findProductPage } from '../../src/modules/products/products.repository.js';
import type { SignedIn, TestContext } from './test-app.js';

let counter = 0;

/** Creates a category through the API as `admin`. */
export async function makeCategory(
  ctx: TestContext,
  admin: SignedIn,
  body: Record<string, unknown> = {},
): Promise<{ id: string; slug: string; name: string }> {
  counter++;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/categories',
    headers: admin.auth,
    payload: { name: `Category ${counter} ${Date.now()}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`category: ${res.body}`);
  return res.json().category;
}

/** Creates a product through the API as `admin`. */
export async function makeProduct(
  ctx: TestContext,
  admin: SignedIn,
  body: Record<string, unknown> = {},
): Promise<Record<string, unknown> & { id: string; slug: string }> {
  counter++;
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/products',
    headers: admin.auth,
    payload: { name: `Product ${counter}`, sku: `SKU-${counter}-${Date.now()}`, priceCents: 1000, stockQuantity: 10, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`product: ${res.body}`);
  return res.json().product;
}

/**
 * `count` active products ($1.00, 10 in stock) made in one statement, for tests that need
 * hundreds of them (through the API each would be a request); their ids.
 */
export async function makeManyProducts(ctx: TestContext, count: number): Promise<string[]> {
  const tag = randomBytes(4).toString('hex');
  const rows = rowsOf<{ id: string }>(
    await ctx.db.execute(sql`
      insert into products (name, slug, sku, price_cents, stock_quantity)
      select ${`Bulk ${tag} `} || n, ${`bulk-${tag}-`} || n, ${`BULK-${tag}-`} || n, 100, 10
      from generate_series(1, ${count}::int) n
      returning id`),
  );
  return rows.map((r) => r.id);
}

/** One of each product in the user's cart, written directly (the cart's trigger still counts each line). */
export async function fillCart(ctx: TestContext, userId: string, productIds: string[]): Promise<void> {
  await ctx.db.execute(sql`
    insert into cart_items (user_id, product_id, quantity, added_price_cents)
    select ${userId}::uuid, id, 1, price_cents from products where id = any(${`{${productIds.join(',')}}`}::uuid[])`);
}

/**
 * Every page of a search read at the repository, `limit` at a time, one statement per phase
 * (as a one-word search is read), with or without the one-word pages from the term index.
 */
export async function searchPagesByPhase(
  db: Db,
  q: string,
  limit: number,
  options: { forAdmin: boolean; byTerm: boolean },
): Promise<PageRow[]> {
  const rows: PageRow[] = [];
  let cursor: string | undefined;
  for (;;) {
    const query: ProductListQuery = ProductListQuerySchema.parse({ q, limit: String(limit), ...(cursor ? { cursor } : {}) });
    let page: PageRow[] = [];
    for (const phase of pagePhases(query)) {
      if (page.length > limit) break;
      const plan = planProductPage(query, { includeInactive: options.forAdmin, phase });
      page = page.concat(await findProductPage(db, options.byTerm ? plan : { ...plan, termWhere: undefined }, limit + 1, options.forAdmin));
    }
    rows.push(...page.slice(0, limit));
    if (page.length <= limit) return rows;
    cursor = nextProductCursor(query, page[limit - 1] as PageRow);
  }
}

/**
 * Every page of `GET /products?<query>`, `limit` at a time, following the cursors to the end:
 * each page answers 200 and holds at most `limit` products.
 */
export async function productPages(
  ctx: TestContext,
  query: string,
  limit: number,
  auth?: Record<string, string>,
): Promise<({ id: string; name: string } & Record<string, unknown>)[]> {
  const seen: ({ id: string; name: string } & Record<string, unknown>)[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 100; guard++) {
    const url: string = `/api/v1/products?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await ctx.app.inject({ method: 'GET', url, headers: auth });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.ok(body.items.length <= limit);
    seen.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('paging did not end');
}
