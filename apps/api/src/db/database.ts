import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema/index.js';

/** What both database drivers (`client.ts` for PostgreSQL, `embedded.ts` for PGlite) provide. */

export type Schema = typeof schema;
/** The database or a transaction on it: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'embedded';
  /** Applies the pending migrations of `folder` (the API's own by default). */
  migrate(folder?: string): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Connections now, for metrics. The embedded database is one connection, busy while a query runs. */
  poolStats(): PoolStats;
  /** Calls `observe` with the duration in seconds of every query from now on. */
  timeQueries(observe: (seconds: number) => void): void;
}

export interface PoolStats {
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

/** The SQL migrations, beside the code (the build copies them next to the file holding this). */
export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));
