import type { CategoryNode, Product } from '@emporium/contracts';
import Link from 'next/link';
import { ProductGrid } from '@/components/product-card';
import { getCategoryTree, getProducts, getStore } from '@/lib/api/server';
import { LoadMore } from './load-more';

export type SearchParams = Record<string, string | string[] | undefined>;

const SORTS = [
  ['relevance', 'Best match'],
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['rating', 'Top rated'],
  ['name', 'Name'],
] as const;

const PAGE_SIZE = 24;
const MAX_PAGES = 10;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function dollarsToCents(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? String(Math.round(n * 100)) : undefined;
}

/** The API query for the page's URL: only filters the API knows, prices in cents. */
export function apiQueryFor(params: SearchParams, fixedCategory?: string): URLSearchParams {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const q = one(params.q)?.trim();
  if (q) query.set('q', q);
  const category = fixedCategory ?? one(params.category);
  if (category) query.set('category', category);
  const min = dollarsToCents(one(params.min));
  const max = dollarsToCents(one(params.max));
  if (min) query.set('minPriceCents', min);
  if (max) query.set('maxPriceCents', max);
  if (one(params.inStock) === 'true') query.set('inStock', 'true');
  const rating = one(params.rating);
  if (rating && ['1', '2', '3', '4'].includes(rating)) query.set('minRating', rating);
  const sort = one(params.sort);
  if (sort && SORTS.some(([s]) => s === sort) && (sort !== 'relevance' || q)) query.set('sort', sort);
  return query;
}

function flatten(nodes: CategoryNode[], depth = 0): { node: CategoryNode; depth: number }[] {
  return nodes.flatMap((node) => [{ node, depth }, ...flatten(node.children, depth + 1)]);
}

export async function Catalog({ params, fixedCategory, heading }: { params: SearchParams; fixedCategory?: string; heading: string }) {
  const apiQuery = apiQueryFor(params, fixedCategory);
  const pages = Math.min(Math.max(Number(one(params.pages)) || 1, 1), MAX_PAGES);
  const [store, tree] = await Promise.all([getStore(), getCategoryTree()]);

  let items: Product[] = [];
  let nextCursor: string | null = null;
  let failed: string | null = null;
  try {
    for (let page = 0; page < pages; page++) {
      const query = new URLSearchParams(apiQuery);
      if (nextCursor) query.set('cursor', nextCursor);
      const result = await getProducts(query);
      items = items.concat(result.items);
      nextCursor = result.nextCursor;
      if (!nextCursor) break;
    }
  } catch (err) {
    failed = (err as Error).message;
  }

  const q = one(params.q) ?? '';
  const current = fixedCategory ?? one(params.category) ?? '';
  const action = fixedCategory ? `/categories/${fixedCategory}` : '/products';
  const categories = flatten(tree);

  return (
    <div className="grid gap-6 md:grid-cols-[15rem_1fr]">
      <aside aria-label="Filters">
        <form method="get" action={action} className="card flex flex-col gap-4">
          {q && <input type="hidden" name="q" value={q} />}
          {!fixedCategory && (
            <div>
              <label htmlFor="f-category" className="label">
                Category
              </label>
              <select id="f-category" name="category" defaultValue={current} className="input">
                <option value="">All categories</option>
                {categories.map(({ node, depth }) => (
                  <option key={node.id} value={node.slug}>
                    {'\u2003'.repeat(depth)}
                    {node.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset>
            <legend className="label">Price ({store.currency})</legend>
            <div className="flex items-center gap-2">
              <label htmlFor="f-min" className="sr-only">
                Minimum price
              </label>
              <input
                id="f-min"
                name="min"
                type="number"
                min="0"
                step="0.01"
                inputMode="decimal"
                placeholder="Min"
                defaultValue={one(params.min)}
                className="input"
              />
              <span aria-hidden="true">–</span>
              <label htmlFor="f-max" className="sr-only">
                Maximum price
              </label>
              <input
                id="f-max"
                name="max"
                type="number"
                min="0"
                step="0.01"
                inputMode="decimal"
                placeholder="Max"
                defaultValue={one(params.max)}
                className="input"
              />
            </div>
          </fieldset>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="inStock" value="true" defaultChecked={one(params.inStock) === 'true'} className="size-4" />
            In stock only
          </label>
          <div>
            <label htmlFor="f-rating" className="label">
              Rating
            </label>
            <select id="f-rating" name="rating" defaultValue={one(params.rating) ?? ''} className="input">
              <option value="">Any rating</option>
              {[4, 3, 2, 1].map((r) => (
                <option key={r} value={r}>
                  {r} stars & up
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="f-sort" className="label">
              Sort by
            </label>
            <select id="f-sort" name="sort" defaultValue={one(params.sort) ?? (q ? 'relevance' : 'newest')} className="input">
              {SORTS.filter(([s]) => s !== 'relevance' || q).map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="btn-primary">
            Apply filters
          </button>
          <Link href={action} className="text-center text-sm underline">
            Clear filters
          </Link>
        </form>
      </aside>
      <section aria-labelledby="catalog-heading">
        <h1 id="catalog-heading" className="mb-4 text-2xl font-bold">
          {q ? `Results for “${q}”` : heading}
        </h1>
        {failed ? (
          <p role="alert" className="card text-slate-800">
            {failed}
          </p>
        ) : items.length === 0 ? (
          <div className="card text-center">
            <p className="font-medium">No products match.</p>
            <p className="mt-1 text-sm text-slate-700">Try fewer filters or another search.</p>
          </div>
        ) : (
          <>
            <ProductGrid products={items} currency={store.currency} />
            <LoadMore
              key={apiQuery.toString()}
              apiQuery={apiQuery.toString()}
              firstCursor={nextCursor ?? ''}
              pages={pages}
              currency={store.currency}
            />
          </>
        )}
      </section>
    </div>
  );
}
