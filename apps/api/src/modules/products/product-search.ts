import type { Product, ProductListQuery, ProductSort } from '@emporium/contracts';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { productSearchTerms, products } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, isIntegerIn, isIsoTimestamp, isNumberIn, isTextUpTo, isUuid } from '../../lib/cursor.js';
import type { Json } from '../../lib/json-text.js';
import { categorySubtree } from '../categories/categories.repository.js';
import { isoTimestamp } from './product-view.js';

/** What `planProductPage` makes of a list query: SQL with placeholders, and their values. */
export interface PagePlan {
  /** Determines the SQL text: the same shape is the same prepared statement. */
  shape: string;
  where: SQL | undefined;
  orderBy: SQL[];
  /** What `orderBy` sorts by (then by id), and in which direction. */
  sortKey: SQL;
  direction: 'asc' | 'desc';
  /** Read per category of a category tree: `where` refers to `"tree"."id"` (see productPageQuery). */
  perCategory: boolean;
  /** The relevance of a search sorted by relevance (pages by it run best first); else none. */
  rank: SQL | undefined;
  /** The sort key as a cursor holds it (relevance: the rank). */
  cursorKey: SQL;
  /**
   * Where the page can also be read from product_search_terms (a search's `text` phase with no
   * other filter; see searchTermSource): the condition on it and `products`.
   */
  termWhere: SQL | undefined;
  params: Record<string, unknown>;
}

/** A product of a page: its API shape as JSON, and its sort key and id for the next cursor. */
export interface PageRow {
  json: Json<Product>;
  key: string | number;
  id: string;
}

const param = (name: string) => sql.placeholder(name);

/** The words of a query that typo matching uses: at most 6, each of 2+ characters. */
function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 2).slice(0, 6);
}

/**
 * The words typo matching looks for, and those the query excludes: as websearch_to_tsquery
 * reads it, a word or quoted phrase after a `-` is one the results must not hold ("mug -blue"
 * found the blue mug among its typo matches, by looking for "blue" as well).
 */
export function typoTerms(q: string): { words: string[]; excluded: string | undefined } {
  const wanted: string[] = [];
  const unwanted: string[] = [];
  for (const [, negated, phrase, token] of q.matchAll(/(?:^|\s)(-?)(?:"([^"]*)"?|(\S+))/gu)) {
    if (!negated) wanted.push(phrase ?? token ?? '');
    else if (queryWords(phrase ?? token ?? '').length > 0) unwanted.push(phrase === undefined ? (token ?? '') : `"${phrase}"`);
  }
  // As a websearch query: any of them, each phrase as a phrase.
  return { words: queryWords(wanted.join(' ')), excluded: unwanted.length ? unwanted.join(' or ') : undefined };
}

/**
 * The query as a tsquery, in a subquery so PostgreSQL computes it once per statement (an
 * InitPlan). Written inline, a prepared statement's generic plan parsed and stemmed the query
 * again for every row it ranked: 2,500 times for a popular word, a third of the search's time.
 */
const tsQuery = sql`(select websearch_to_tsquery('english', ${param('q')}::text))`;
const fullText = sql`${products.searchVector} @@ ${tsQuery}`;

/** Whether the query is one word as typed: letters and digits only, no operator or punctuation. */
export function isSingleWord(q: string): boolean {
  return /^[\p{L}\p{N}]+$/u.test(q.trim());
}

/** What typo matching is asked for: how many words it looks for, and whether the query excludes any. */
interface TypoShape {
  wordCount: number;
  excludes: boolean;
}

/**
 * Every word of the query close to a word of the name, category or SKU (trigram word
 * similarity), or, for a word with a digit, that word itself: `typo_tsquery` looks each word
 * up in the catalog's words (search_words, migration 0017) and the products holding them are
 * found in the full-text index of search_text. In a subquery, so it runs once per statement.
 * Products holding a word the query excludes are not typo matches either.
 */
function typoMatch({ wordCount, excludes }: TypoShape): SQL {
  if (wordCount === 0) return sql`false`;
  const match = sql`search_words_vector(${products.searchText}) @@ (select typo_tsquery(${param('words')}::text[]))`;
  if (!excludes) return match;
  return sql`${match} and not (${products.searchVector} @@ (select websearch_to_tsquery('english', ${param('excluded')}::text)))`;
}

/**
 * A search sorted by relevance runs in two phases, each an index scan ranked on its own:
 * - `text`: full-text matches, ranked 2 + ts_rank (at least 2: ts_rank is 0 for some matches,
 *   such as every match of a query with a negation, and a key of 1 would read as `typo`'s);
 * - `typo`: products the words as typed miss but whose name, category or SKU is close to
 *   every word (trigram word similarity, at most 1), for typos like "blu mugg".
 * The page is filled from `text` first, then from `typo`, so typo matches never outrank real
 * ones. Ranking each phase alone keeps a popular word cheap: ranking its matches by both
 * measures at once cost ~30 ms for a word in 5 % of 50,000 products; full-text alone ~8 ms.
 */
export type SearchPhase = 'text' | 'typo';

const PHASES: Record<SearchPhase, { condition: (typo: TypoShape) => SQL; rank: SQL; holds: (key: number) => boolean }> = {
  text: {
    condition: () => fullText,
    // float8 so the value round-trips exactly through the cursor.
    rank: sql`(2 + ts_rank(${products.searchVector}, ${tsQuery}))::float8`,
    holds: (key) => key >= 2,
  },
  typo: {
    condition: (typo) => sql`not (${fullText}) and ${typoMatch(typo)}`,
    rank: sql`word_similarity(${param('q')}::text, ${products.searchText})::float8`,
    holds: (key) => key <= 1,
  },
};

/**
 * The queries a page is read with, in order: for a search by relevance the phases still to
 * read (both, or only `typo` once the cursor is past `text`); for anything else one query
 * (`undefined`: no phase).
 */
export function pagePhases(query: ProductListQuery): (SearchPhase | undefined)[] {
  if (!query.q || effectiveSort(query) !== 'relevance') return [undefined];
  if (!query.cursor) return ['text', 'typo'];
  const [, key] = decodeCursor<[string, unknown, string]>(query.cursor, (v): v is [string, unknown, string] => v.length === 3);
  return typeof key === 'number' && PHASES.typo.holds(key) ? ['typo'] : ['text', 'typo'];
}

/**
 * The query's one lexeme, as a one-row relation named `search` (its `term` column is null when
 * the query is anything but one plain word: several, a negation, a phrase). A one-word search
 * by relevance reads its page from product_search_terms, where each word lists its products
 * best first with the same rank the `text` phase sorts by (migration 0016), instead of ranking
 * every match; for any other query the `text` phase ranks as above.
 * `offset 0` keeps the planner from folding the word into the plan: a plan for "mug" (in 5 % of
 * the products) looked cheaper than the prepared statement's generic plan, so PostgreSQL
 * planned every search again (~2 ms, twice what running it takes); unseen, every word costs
 * the same and the generic plan, made once per connection, is kept.
 */
export const searchTermSource = sql`(select lexeme_of_tsquery(websearch_to_tsquery('english', ${param('q')}::text)) as "term" offset 0) "search"`;

/** The `term` column of searchTermSource. */
export const searchTerm = sql<string | null>`"search"."term"`;

/**
 * The ids of the category whose slug is the `category` parameter and of every category under
 * it, as a subquery (named `tree` where a page is read per category).
 */
export const categoryTree = categorySubtree(sql`slug = ${param('category')}::text`);

/** Full-text match or typo match: what a search sorted by anything but relevance filters on. */
function searchCondition(typo: TypoShape): SQL {
  return sql`(${fullText} or (${typoMatch(typo)}))`;
}

interface SortSpec {
  key: SQL;
  direction: 'asc' | 'desc';
  isKey: (v: unknown) => boolean;
  /** The key as a cursor holds it, when that is not how PostgreSQL returns `key`. */
  cursorKey?: SQL;
}

const isPrice = isIntegerIn(0, 100_000_000);
// Ratings are averages 1–5, or the -1 that stands for "unrated".
const isRatingKey = isNumberIn(-1, 5);
const isRank = isNumberIn(0, 1_000_000);

/** Every sort and its keyset key; ties go by id in the same direction, matching the indexes. */
const SORTS: Record<Exclude<ProductSort, 'relevance'> | 'relevance', SortSpec> = {
  newest: { key: sql`${products.createdAt}`, direction: 'desc', isKey: isIsoTimestamp, cursorKey: isoTimestamp(products.createdAt) },
  price_asc: { key: sql`${products.priceCents}`, direction: 'asc', isKey: isPrice },
  price_desc: { key: sql`${products.priceCents}`, direction: 'desc', isKey: isPrice },
  rating: {
    key: sql`coalesce(${products.ratingAverage}, -1)`,
    direction: 'desc',
    isKey: isRatingKey,
    cursorKey: sql`coalesce(${products.ratingAverage}, -1)::float8`,
  },
  name: { key: sql`${products.name}`, direction: 'asc', isKey: isTextUpTo(300) },
  relevance: { key: PHASES.text.rank, direction: 'desc', isKey: isRank },
};

export function effectiveSort(query: Pick<ProductListQuery, 'sort' | 'q'>): ProductSort {
  const sort = query.sort ?? (query.q ? 'relevance' : 'newest');
  return sort === 'relevance' && !query.q ? 'newest' : sort;
}

/**
 * Turns a validated list query into WHERE and ORDER BY with placeholders, their values, and
 * the shape that names the statement (which filters are present, never their values).
 */
export function planProductPage(query: ProductListQuery, options: { includeInactive: boolean; phase?: SearchPhase }): PagePlan {
  const sort = effectiveSort(query);
  const phase = sort === 'relevance' ? PHASES[options.phase ?? 'text'] : undefined;
  const spec = phase ? { ...SORTS.relevance, key: phase.rank } : SORTS[sort];
  const conditions: SQL[] = [];
  const params: Record<string, unknown> = {};
  const shape: string[] = [sort];
  // The same page from product_search_terms (see searchTermSource): for the `text` phase of a
  // search with no filter but the active flags. Its conditions are kept alongside.
  let byTerm = phase === PHASES.text;
  const termConditions: SQL[] = [];
  const filter = (name: string, condition: SQL, value: unknown) => {
    conditions.push(condition);
    params[name] = value;
    shape.push(name);
    if (name !== 'q' && name !== 'afterKey') byTerm = false;
  };
  // Booleans are spelled out in the SQL (and the shape), never bound: the partial indexes
  // (`where is_active`, `… and is_featured`) only serve a plan that knows the value.
  const flag = (name: string, condition: SQL) => {
    conditions.push(condition);
    termConditions.push(condition);
    shape.push(name);
    if (name !== 'active' && name !== 'inactive') byTerm = false;
  };
  if (!options.includeInactive) flag('active', sql`${products.isActive}`);
  else if (query.isActive !== undefined)
    flag(query.isActive ? 'active' : 'inactive', sql`${products.isActive} = ${sql.raw(String(query.isActive))}`);
  if (query.q) {
    const { words, excluded } = typoTerms(query.q);
    const typo = { wordCount: words.length, excludes: excluded !== undefined };
    filter('q', phase ? phase.condition(typo) : searchCondition(typo), query.q);
    params.words = words;
    params.excluded = excluded ?? '';
    shape.push(words.length > 0 ? 'words' : 'no-words', typo.excludes ? 'excludes' : 'excludes-none');
    if (phase) shape.push(options.phase ?? 'text');
    termConditions.push(eq(productSearchTerms.term, searchTerm));
  }
  // A category page shows the category and every category under it, looked up in the same
  // statement. Sorted by relevance, every match is ranked anyway: the tree is a filter. Sorted
  // by a key, the page is read per category of the tree (see productPageQuery), so each
  // category's (category, sort key) index returns its rows in order and the page merges them.
  const perCategory = query.category !== undefined && !phase;
  if (query.category !== undefined)
    filter(
      'category',
      perCategory ? sql`${products.categoryId} = "tree"."id"` : sql`${products.categoryId} in ${categoryTree}`,
      query.category,
    );
  if (query.minPriceCents !== undefined) filter('minPrice', sql`${products.priceCents} >= ${param('minPrice')}`, query.minPriceCents);
  if (query.maxPriceCents !== undefined) filter('maxPrice', sql`${products.priceCents} <= ${param('maxPrice')}`, query.maxPriceCents);
  if (query.inStock === true) flag('inStock', sql`${products.stockQuantity} > 0`);
  if (query.inStock === false) flag('soldOut', sql`${products.stockQuantity} = 0`);
  if (query.featured === true) flag('featured', sql`${products.isFeatured}`);
  if (query.featured === false) flag('notFeatured', sql`not ${products.isFeatured}`);
  if (query.minRating !== undefined) filter('minRating', sql`${products.ratingAverage} >= ${param('minRating')}`, query.minRating);

  const cursor = query.cursor
    ? decodeCursor<[string, unknown, string]>(
        query.cursor,
        (v): v is [string, unknown, string] => v.length === 3 && v[0] === sort && spec.isKey(v[1]) && isUuid(v[2]),
      )
    : undefined;
  // A relevance cursor belongs to one phase: the other phase starts from its top.
  if (cursor && (!phase || phase.holds(cursor[1] as number))) {
    const [, value, id] = cursor;
    const typed = sort === 'newest' ? sql`${param('afterKey')}::timestamptz` : sql`${param('afterKey')}`;
    const row = sql`(${spec.key}, ${products.id})`;
    const after = sql`(${typed}, ${param('afterId')}::uuid)`;
    filter('afterKey', spec.direction === 'asc' ? sql`${row} > ${after}` : sql`${row} < ${after}`, value);
    params.afterId = id;
    termConditions.push(sql`(${productSearchTerms.rank}, ${productSearchTerms.productId}) < ${after}`);
  }
  const dir = spec.direction === 'asc' ? sql`asc` : sql`desc`;
  return {
    shape: shape.join(','),
    where: conditions.length ? and(...conditions) : undefined,
    orderBy: [sql`${spec.key} ${dir}`, sql`${products.id} ${dir}`],
    sortKey: spec.key,
    direction: spec.direction,
    perCategory,
    rank: sort === 'relevance' ? spec.key : undefined,
    cursorKey: spec.cursorKey ?? spec.key,
    termWhere: byTerm ? and(...termConditions) : undefined,
    params,
  };
}

/** The cursor after `last`: its sort key and id. */
export function nextProductCursor(query: ProductListQuery, last: Pick<PageRow, 'key' | 'id'>): string {
  return encodeCursor([effectiveSort(query), last.key, last.id]);
}
