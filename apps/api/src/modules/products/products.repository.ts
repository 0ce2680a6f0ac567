import { MAX_PAGE_SIZE, type Product, type ProductImage } from '@emporium/contracts';
import { asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { prepared } from '../../db/prepared.js';
import { type ProductImageRow, type ProductRow, productImages, productSearchTerms, products, productViews } from '../../db/schema/index.js';
import type { Json } from '../../lib/json-text.js';
import { categoryTree, type PagePlan, type PageRow, searchTerm, searchTermSource } from './product-search.js';
import { productJson, productViewOfProduct } from './product-view.js';

/**
 * Most rows a page statement is planned for: the largest page and the one more that tells
 * whether another follows. A literal, the same in every statement.
 */
const PLANNED_ROWS = sql.raw(String(MAX_PAGE_SIZE + 1)) as unknown as number;

/** The rows a page reads (the page's `limit` + 1): a parameter, so it is not part of the SQL text. */
const pageRows = sql.placeholder('limit');

/**
 * The page query itself (also used by the index-usage test to EXPLAIN it). Each ordered read is
 * written twice: planned for PLANNED_ROWS (a literal), and cut to the page's rows (a parameter)
 * by an outer LIMIT, which stops pulling rows from the ordered read once it has them. With only
 * `LIMIT $n`, PostgreSQL's generic plan assumes a tenth of the table is wanted, never wins over
 * a custom plan, and every run would be planned again; with the limit a literal instead, each
 * page size was a statement of its own, so a caller could grow the statements without end.
 * Both limits keep one plan per filter set, made for at most PLANNED_ROWS rows.
 *
 * A page by relevance ranks every match before it can keep the best: it picks the page's ids
 * and ranks first, from narrow rows, and only then reads those products.
 * Sorting the full rows of ~2,500 matches for a popular word cost ~2 ms more.
 */
export function productPageQuery(db: Db, plan: Omit<PagePlan, 'params'>, forAdmin: boolean) {
  if (plan.rank) {
    const best = db
      .select({ id: products.id, rank: sql<number>`${plan.rank}`.as('rank') })
      .from(products)
      .where(plan.where)
      // By the rank as selected: the same expression written again in ORDER BY holds its
      // own placeholders, and PostgreSQL computed it twice for every match.
      .orderBy(sql`${sql.identifier('rank')} desc`, desc(products.id))
      .limit(PLANNED_ROWS)
      .as('best');
    const ranked = db.$with('ranked').as(db.select({ id: best.id, rank: best.rank }).from(best).limit(pageRows));
    // Relevance is always best first (see SORTS in product-search.ts).
    return db
      .with(ranked)
      .select({ json: productJson(forAdmin), id: products.id, key: sql<number>`${ranked.rank}` })
      .from(ranked)
      .innerJoin(products, eq(products.id, ranked.id))
      .innerJoin(productViews, productViewOfProduct)
      .orderBy(desc(ranked.rank), desc(ranked.id));
  }
  if (plan.perCategory) {
    // Each category of the tree gives its first rows in order (its own index scan), and the
    // page is the first of those: one category costs no more than a page of the whole shop.
    // Only the page's rows are then joined to their views.
    const firstInCategory = db
      .select({
        id: products.id,
        key: sql`${plan.cursorKey}`.as('key'),
        sortKey: sql`${plan.sortKey}`.as('sort_key'),
        stock: sql`${products.stockQuantity}`.as('stock'),
        cost: sql`${products.costPerItemCents}`.as('cost'),
      })
      .from(products)
      .where(plan.where)
      .orderBy(...plan.orderBy)
      .limit(PLANNED_ROWS)
      .as('first_in_category');
    const inCategory = db.select().from(firstInCategory).limit(pageRows).as('product');
    const dir = plan.direction === 'asc' ? sql`asc` : sql`desc`;
    const first = db
      .select({ id: inCategory.id, key: inCategory.key, sortKey: inCategory.sortKey, stock: inCategory.stock, cost: inCategory.cost })
      .from(sql`${categoryTree} tree`)
      .crossJoinLateral(inCategory)
      .orderBy(sql`${inCategory.sortKey} ${dir}`, sql`${inCategory.id} ${dir}`)
      .limit(PLANNED_ROWS)
      .as('first');
    const page = db.select().from(first).limit(pageRows).as('page');
    return db
      .select({ json: productJson(forAdmin, { stock: page.stock, cost: page.cost }), key: page.key, id: page.id })
      .from(page)
      .innerJoin(productViews, eq(productViews.productId, page.id))
      .orderBy(sql`${page.sortKey} ${dir}`, sql`${page.id} ${dir}`);
  }
  const first = db
    .select({ json: productJson(forAdmin).as('json'), id: products.id, key: sql`${plan.cursorKey}`.as('key') })
    .from(products)
    .innerJoin(productViews, productViewOfProduct)
    .where(plan.where)
    .orderBy(...plan.orderBy)
    .limit(PLANNED_ROWS)
    .as('first');
  // In the order `first` reads them: nothing between the two limits reorders rows.
  return db.select({ json: first.json, id: first.id, key: first.key }).from(first).limit(pageRows);
}

/**
 * A one-word search's page by relevance from product_search_terms, in the index's order (see
 * searchTermSource): one row per product, or a single row with a null `term` when the query is
 * not one plain word, or a single row with no product when the word matches nothing.
 */
export function termPageQuery(db: Db, where: SQL, forAdmin: boolean) {
  const first = db
    .select({
      json: productJson(forAdmin).as('json'),
      key: productSearchTerms.rank,
      id: productSearchTerms.productId,
    })
    .from(productSearchTerms)
    .innerJoin(products, eq(products.id, productSearchTerms.productId))
    .innerJoin(productViews, productViewOfProduct)
    .where(where)
    .orderBy(desc(productSearchTerms.rank), desc(productSearchTerms.productId))
    .limit(PLANNED_ROWS)
    .as('first');
  const page = db.select().from(first).limit(pageRows).as('page');
  return db
    .select({ term: searchTerm, json: page.json, key: page.key, id: page.id })
    .from(searchTermSource)
    .leftJoinLateral(page, sql`true`)
    .orderBy(desc(page.key), desc(page.id));
}

/** `limit`: the rows to read, the page's size and one more (at most PLANNED_ROWS). */
export async function findProductPage(db: Db, plan: PagePlan, limit: number, forAdmin: boolean): Promise<PageRow[]> {
  const values = { ...plan.params, limit: pageLimit(limit) };
  if (plan.termWhere) {
    const where = plan.termWhere;
    const byTerm = prepared(db, `product-page-by-term:${forAdmin ? 'admin' : 'public'}:${plan.shape}`, (name) =>
      termPageQuery(db, where, forAdmin).prepare(name),
    );
    const rows = await byTerm.execute(values);
    if (rows[0]?.term != null) return rows.flatMap(({ json, key, id }) => (id === null || key === null ? [] : [{ json, key, id }]));
  }
  const query = prepared(db, `product-page:${forAdmin ? 'admin' : 'public'}:${plan.shape}`, (name) =>
    productPageQuery(db, plan, forAdmin).prepare(name),
  );
  return (await query.execute(values)) as PageRow[];
}

/**
 * The first page of a search by relevance in one statement (one round trip, where reading the
 * phases one after another took up to three): the one-word page from product_search_terms
 * when the plan allows it (see termPageQuery), else the `text` phase, and then the `typo`
 * phase only while the page is not full. Each part after the first runs only if it is needed:
 * its condition does not depend on its rows, so PostgreSQL checks it once (a one-time filter)
 * before reading any. `text` and `typo` are the plans of the two phases (planProductPage).
 */
export async function findSearchPage(db: Db, text: PagePlan, typo: PagePlan, limit: number, forAdmin: boolean): Promise<PageRow[]> {
  const shape = `search-page:${forAdmin ? 'admin' : 'public'}:${text.termWhere ? 'term,' : ''}${text.shape}|${typo.shape}`;
  const query = prepared(db, shape, (name) => searchPageQuery(db, text, typo, forAdmin).prepare(name));
  return (await query.execute({ ...text.params, ...typo.params, limit: pageLimit(limit) })) as PageRow[];
}

function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE + 1) throw new RangeError(`bad page limit ${limit}`);
  return limit;
}

/** The statement of findSearchPage (also used by the index-usage test to EXPLAIN it). */
export function searchPageQuery(db: Db, text: Omit<PagePlan, 'params'>, typo: Omit<PagePlan, 'params'>, forAdmin: boolean) {
  const byText = productPageQuery(db, text, forAdmin);
  const byTypo = productPageQuery(db, typo, forAdmin);
  const found = text.termWhere
    ? sql`"by_term" as materialized (select * from (${termPageQuery(db, text.termWhere, forAdmin)}) "t"("term", "json", "key", "id")),
        "by_text" as materialized (select * from (${byText}) "t"("json", "id", "key") where (select "term" from "by_term" limit 1) is null),
        "found" as materialized (
          select "json", "key", "id" from "by_term" where "id" is not null
          union all select "json", "key", "id" from "by_text")`
    : sql`"found" as materialized (select "json", "key", "id" from (${byText}) "t"("json", "id", "key"))`;
  const page = sql`with ${found}
    select "json", "key", "id" from "found"
    union all
    select "json", "key", "id" from (${byTypo}) "t"("json", "id", "key") where (select count(*) from "found") < ${pageRows}`;
  return db
    .select({ json: sql<Json<Product>>`"page"."json"`, key: sql<number>`"page"."key"`, id: sql<string>`"page"."id"` })
    .from(sql`(${page}) "page"`)
    .orderBy(sql`"page"."key" desc`, sql`"page"."id" desc`);
}

/** How one product is looked up: by id or by slug. */
export type ProductKey = { column: 'id' | 'slug'; value: string };

export const byProductId = (id: string): ProductKey => ({ column: 'id', value: id });
export const byProductSlug = (slug: string): ProductKey => ({ column: 'slug', value: slug });

/** One product's API shape as JSON, and whether it is active (only admins see inactive ones). */
export async function findProductJson(
  db: Db,
  key: ProductKey,
  forAdmin: boolean,
): Promise<{ json: Json<Product>; isActive: boolean } | undefined> {
  const query = prepared(db, `product-json-by-${key.column}:${forAdmin ? 'admin' : 'public'}`, (name) =>
    db
      .select({ json: productJson(forAdmin), isActive: products.isActive })
      .from(products)
      .innerJoin(productViews, productViewOfProduct)
      .where(eq(products[key.column], sql.placeholder('value')))
      .prepare(name),
  );
  const [row] = await query.execute({ value: key.value });
  return row;
}

export async function findProductById(db: Db, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id));
  return row;
}

/** Locks the product row for the rest of the transaction (rating and stock updates). */
export async function lockProduct(db: Db, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(products).where(eq(products.id, id)).for('update');
  return row;
}

/** Locks products for the rest of the transaction, in id order (the order checkout locks in). */
export async function lockProducts(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.select({ id: products.id }).from(products).where(inArray(products.id, ids)).orderBy(asc(products.id)).for('update');
}

/**
 * The products' part of the checkout statement (orders/checkout.ts): `lines` (`product_id`,
 * `quantity`) with each product's name, SKU, price, stock and whether it is on sale, the lines
 * and the products locked together in product-id order. Every checkout locks in that order, so
 * none deadlock; prices and stock come from these rows, never from the client. `for update of
 * l` locks the rows of the table inside `lines` in this order only while PostgreSQL folds
 * `lines` into this query: it must stay a plain select of one table (see cartLinesOf).
 */
export function linesLockedForSale(lines: SQL): SQL {
  return sql`
    select l.product_id as "productId", l.quantity, p.name, p.sku, p.price_cents as "priceCents",
      p.stock_quantity as stock, p.is_active as "isActive"
    from (${lines}) l join products p on p.id = l.product_id
    order by l.product_id
    for update of l, p`;
}

/** Takes each of `locked`'s quantities off its product's stock, when `gate` has a row. */
export function stockTakenFor(locked: SQL, gate: SQL): SQL {
  return sql`update products p set stock_quantity = p.stock_quantity - l.quantity from ${locked} l, ${gate} where p.id = l."productId"`;
}

/** Stores a product's rating (its reviews' count and average); the caller holds the product's row lock. */
export async function setProductRating(db: Db, id: string, rating: { count: SQL; average: SQL }): Promise<void> {
  await db.update(products).set({ ratingCount: rating.count, ratingAverage: rating.average }).where(eq(products.id, id));
}

/**
 * An image as the API shows it, read from `products.images`, which the triggers on
 * product_images keep in that shape (migration 0010): the one place image URLs are made.
 */
export async function shownImage(db: Db, productId: string, imageId: string): Promise<ProductImage> {
  const [row] = rowsOf<{ image: ProductImage }>(
    await db.execute(sql`
      select image from ${products}, json_array_elements(${products.images}) image
      where ${products.id} = ${productId} and image ->> 'id' = ${imageId}`),
  );
  if (!row) throw new Error(`image ${imageId} is not in products.images`);
  return row.image;
}

/** How many products (active or not) are filed under the category: one in use cannot be deleted. */
export async function countProductsInCategory(db: Db, categoryId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(products).where(eq(products.categoryId, categoryId));
  return row?.n ?? 0;
}

/** A change of one product's stock: negative when it is taken (an order), positive when put back. */
export interface StockChange {
  productId: string;
  by: number;
}

/**
 * Changes several products' stock in one statement (to run, or to write together with others).
 * The caller holds the rows' locks, taken in product-id order.
 */
export function changeStock(db: Db, changes: StockChange[]) {
  const change = sql`jsonb_to_recordset(${JSON.stringify(changes)}::jsonb) as change("productId" uuid, "by" int)`;
  return db
    .update(products)
    .set({ stockQuantity: sql`${products.stockQuantity} + change."by"` })
    .from(change)
    .where(eq(products.id, sql`change."productId"`));
}

export async function productSlugTaken(db: Db, slug: string): Promise<boolean> {
  return (await db.$count(products, eq(products.slug, slug))) > 0;
}

export async function imagesOfProducts(db: Db, productIds: string[]): Promise<Map<string, ProductImageRow[]>> {
  const byProduct = new Map<string, ProductImageRow[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await db
    .select()
    .from(productImages)
    .where(inArray(productImages.productId, productIds))
    .orderBy(asc(productImages.position), asc(productImages.createdAt));
  for (const row of rows) {
    const list = byProduct.get(row.productId) ?? [];
    list.push(row);
    byProduct.set(row.productId, list);
  }
  return byProduct;
}

export async function insertProduct(db: Db, values: typeof products.$inferInsert): Promise<ProductRow> {
  const [row] = await db.insert(products).values(values).returning();
  if (!row) throw new Error('product insert returned nothing');
  return row;
}

export async function updateProductRow(db: Db, id: string, patch: Partial<typeof products.$inferInsert>): Promise<ProductRow | undefined> {
  const [row] = await db
    .update(products)
    .set({ ...patch, updatedAt: sql`now()` })
    .where(eq(products.id, id))
    .returning();
  return row;
}

export async function deleteProductRow(db: Db, id: string): Promise<void> {
  await db.delete(products).where(eq(products.id, id));
}
