/** A page of a list endpoint: every list answers `{ items, nextCursor }`, at most 100 items at a time. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The largest page the API answers (a larger `limit` is read as this). */
const PAGE_SIZE = 100;

/**
 * Every item of a list, following `nextCursor` page after page: for the short lists the shop
 * shows whole (the categories, as a flat list or as trees). `get` is `serverApi` or `api`.
 */
export async function allItems<T>(get: (path: string) => Promise<Page<T>>, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (cursor) query.set('cursor', cursor);
    const page: Page<T> = await get(`${path}${path.includes('?') ? '&' : '?'}${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}
