import type { ProductListQuery, ProductSort } from '@emporium/contracts';
import { and, type SQL, sql } from 'drizzle-orm';
import { type ProductRow, products } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, isIntegerIn, isIsoTimestamp, isNumberIn, isUuid } from '../../lib/cursor.js';

/** The words of a query that typo matching uses: at most 6, each of 2+ characters. */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 2).slice(0, 6);
}

function tsQuery(q: string): SQL {
  return sql`websearch_to_tsquery('english', ${q})`;
}

/** Full-text match, or every word close (trigram word similarity) to the name, category or SKU. */
export function searchCondition(q: string): SQL {
  const words = queryWords(q);
  const fullText = sql`${products.searchVector} @@ ${tsQuery(q)}`;
  if (words.length === 0) return fullText;
  const fuzzy = sql.join(
    words.map((w) => sql`${w} <% ${products.searchText}`),
    sql` and `,
  );
  return sql`(${fullText} or (${fuzzy}))`;
}

export function relevanceExpression(q: string): SQL {
  // float8 so the value round-trips exactly through the cursor.
  return sql`(ts_rank_cd(${products.searchVector}, ${tsQuery(q)})::float8 + word_similarity(${q}, ${products.searchText})::float8)`;
}

interface SortSpec {
  key: (q: string | undefined) => SQL;
  direction: 'asc' | 'desc';
  isKey: (v: unknown) => boolean;
}

const isPrice = isIntegerIn(0, 100_000_000);
// Ratings are averages 1–5, or the -1 that stands for "unrated".
const isRatingKey = isNumberIn(-1, 5);
const isRank = isNumberIn(0, 1_000_000);

/** Every sort and its keyset key; ties go by id in the same direction, matching the indexes. */
const SORTS: Record<Exclude<ProductSort, 'relevance'> | 'relevance', SortSpec> = {
  newest: { key: () => sql`${products.createdAt}`, direction: 'desc', isKey: isIsoTimestamp },
  price_asc: { key: () => sql`${products.priceCents}`, direction: 'asc', isKey: isPrice },
  price_desc: { key: () => sql`${products.priceCents}`, direction: 'desc', isKey: isPrice },
  rating: { key: () => sql`coalesce(${products.ratingAverage}, -1)`, direction: 'desc', isKey: isRatingKey },
  name: { key: () => sql`${products.name}`, direction: 'asc', isKey: (v) => typeof v === 'string' && v.length <= 300 },
  relevance: { key: (q) => relevanceExpression(q ?? ''), direction: 'desc', isKey: isRank },
};

export function effectiveSort(query: Pick<ProductListQuery, 'sort' | 'q'>): ProductSort {
  const sort = query.sort ?? (query.q ? 'relevance' : 'newest');
  return sort === 'relevance' && !query.q ? 'newest' : sort;
}

export interface ProductPagePlan {
  where: SQL | undefined;
  orderBy: SQL[];
  rank: SQL | undefined;
}

/** Turns a validated list query into WHERE and ORDER BY (all values bound, never spliced). */
export function planProductPage(query: ProductListQuery, options: { includeInactive: boolean; categoryIds?: string[] }): ProductPagePlan {
  const sort = effectiveSort(query);
  const spec = SORTS[sort];
  const key = spec.key(query.q);
  const conditions: SQL[] = [];
  if (!options.includeInactive) conditions.push(sql`${products.isActive}`);
  else if (query.isActive !== undefined) conditions.push(sql`${products.isActive} = ${query.isActive}`);
  if (query.q) conditions.push(searchCondition(query.q));
  if (options.categoryIds) {
    conditions.push(options.categoryIds.length ? sql`${products.categoryId} in ${options.categoryIds}` : sql`false`);
  }
  if (query.minPriceCents !== undefined) conditions.push(sql`${products.priceCents} >= ${query.minPriceCents}`);
  if (query.maxPriceCents !== undefined) conditions.push(sql`${products.priceCents} <= ${query.maxPriceCents}`);
  if (query.inStock === true) conditions.push(sql`${products.stockQuantity} > 0`);
  if (query.inStock === false) conditions.push(sql`${products.stockQuantity} = 0`);
  if (query.featured !== undefined) conditions.push(sql`${products.isFeatured} = ${query.featured}`);
  if (query.minRating !== undefined) conditions.push(sql`${products.ratingAverage} >= ${query.minRating}`);

  if (query.cursor) {
    const [, value, id] = decodeCursor<[string, unknown, string]>(
      query.cursor,
      (v): v is [string, unknown, string] => v.length === 3 && v[0] === sort && spec.isKey(v[1]) && isUuid(v[2]),
    );
    const typed = sort === 'newest' ? sql`${value}::timestamptz` : sql`${value}`;
    conditions.push(
      spec.direction === 'asc'
        ? sql`(${key}, ${products.id}) > (${typed}, ${id}::uuid)`
        : sql`(${key}, ${products.id}) < (${typed}, ${id}::uuid)`,
    );
  }
  const dir = spec.direction === 'asc' ? sql`asc` : sql`desc`;
  return {
    where: conditions.length ? and(...conditions) : undefined,
    orderBy: [sql`${key} ${dir}`, sql`${products.id} ${dir}`],
    rank: sort === 'relevance' ? key : undefined,
  };
}

/** The cursor after `last`: its sort key (relevance comes from the query's rank) and id. */
export function nextProductCursor(query: ProductListQuery, last: ProductRow, rank: number | null): string {
  const sort = effectiveSort(query);
  const keys: Record<ProductSort, string | number> = {
    newest: last.createdAt.toISOString(),
    price_asc: last.priceCents,
    price_desc: last.priceCents,
    rating: last.ratingAverage ?? -1,
    name: last.name,
    relevance: rank ?? 0,
  };
  return encodeCursor([sort, keys[sort], last.id]);
}
