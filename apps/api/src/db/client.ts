import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Database, type Db, migrationsFolder } from './database.js';
import { prepareStatements } from './named-statements.js';
import { QueryTiming } from './query-timing.js';
import * as schema from './schema/index.js';

export { type Database, type Db, migrationsFolder, type PoolStats, type Schema } from './database.js';

/** Rows of a raw `db.execute(sql…)`: both drivers answer with `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/**
 * `column = any(array(claim))`, for an `UPDATE` that takes the rows a `LIMIT … FOR UPDATE SKIP
 * LOCKED` subquery picked: the array is computed once. As `column IN (claim)` PostgreSQL may
 * plan a join that runs the subquery again for each row it joins, each time skipping the rows
 * the statement has already taken, so a batch of 20 can come back as 50 (seen in the bench:
 * the mail worker, whose loop reads a full batch as "more to do", then slept between them).
 */
export function inClaimed(column: AnyPgColumn, claim: SQLWrapper): SQL {
  return sql`${column} = any(array(${claim}))`;
}

// Any fixed number shared by every instance of the app: serialises concurrent migrations.
export const MIGRATION_LOCK_ID = 4_242_001;

export interface DatabaseOptions {
  url?: string;
  /** Embedded only: a directory to persist to; omitted → in memory. */
  dataDir?: string;
  poolSize?: number;
  /**
   * PostgreSQL only: the longest any statement of the pool may run (`statement_timeout`),
   * so a stuck query or a lock held elsewhere cannot hold a request and its connection forever.
   */
  statementTimeoutMs?: number;
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/**
 * PostgreSQL at `url`, else the embedded database. The embedded driver (PGlite, a WebAssembly
 * PostgreSQL) is only loaded when it is used, so a server on PostgreSQL starts without it.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10, options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS);
  const { openEmbedded } = await import('./embedded.js');
  return openEmbedded(options.dataDir);
}

function openPostgres(url: string, poolSize: number, statementTimeoutMs: number): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5000,
    // Sent at connection start, so it is the session default that RESET returns to.
    statement_timeout: statementTimeoutMs,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const timing = new QueryTiming();
  pool.on('connect', (client) => {
    timing.wrap(client);
    prepareStatements(client);
  });
  const db = drizzleNodePg({ client: pool, schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate(folder = migrationsFolder) {
      const client = await pool.connect();
      try {
        // A migration may rebuild an index on a large table: it runs without the request timeout.
        await client.query('set statement_timeout = 0');
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
        await migrateNodePg(drizzleNodePg({ client, schema }), { migrationsFolder: folder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
        await client.query('reset statement_timeout').catch(() => {});
        client.release();
      }
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    timeQueries(observe) {
      timing.observe = observe;
    },
  };
}
