import { createHash } from 'node:crypto';
import type { Db } from './client.js';

/**
 * Most query shapes kept built per database handle. The catalog's shapes depend only on which
 * filters and sort a list uses (never on values, see planProductPage), a few hundred in all;
 * the bound keeps a caller trying every combination from growing the process.
 */
export const PREPARED_SHAPES_PER_HANDLE = 256;

const byHandle = new WeakMap<Db, Map<string, unknown>>();

/**
 * A query built once per database handle and `shape`, then run with placeholder values.
 *
 * Drizzle renders a query's SQL on every call, and for the catalog's joined, filtered
 * selects that costs more CPU in Node than PostgreSQL spends answering them (0.6 ms against
 * 0.2 ms for a product by slug, measured here). Hot read paths build each shape once; the
 * statement is also prepared on the server (see `prepareStatements`), so it is planned once
 * per connection. `shape` must determine the SQL text: everything that varies per call goes
 * through `sql.placeholder`. Inside a transaction the handle is the transaction, so the
 * query is built for that transaction only. The least recently used shape goes beyond
 * PREPARED_SHAPES_PER_HANDLE (its statement on the server is bounded apart, per connection).
 */
export function prepared<T>(db: Db, shape: string, build: (name: string) => T): T {
  let queries = byHandle.get(db);
  if (!queries) {
    queries = new Map();
    byHandle.set(db, queries);
  }
  let query = queries.get(shape) as T | undefined;
  if (query === undefined) {
    query = build(`q_${createHash('sha1').update(shape).digest('base64url')}`);
    if (queries.size >= PREPARED_SHAPES_PER_HANDLE) queries.delete(queries.keys().next().value as string);
  } else {
    queries.delete(shape);
  }
  queries.set(shape, query);
  return query;
}

/** How many shapes are built for `db`: for tests that check the bound. */
export function preparedShapeCount(db: Db): number {
  return byHandle.get(db)?.size ?? 0;
}
