import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.js';

export interface TestDatabase {
  database: Database;
  /** The PostgreSQL URL of this database; undefined for the embedded one. */
  url?: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a new PostgreSQL database on the
 * server in DATABASE_URL when it is set, else an in-memory embedded one.
 */
export async function createTestDatabase(options: { poolSize?: number; statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const scratch = await createScratchPostgres();
  if (!scratch) {
    const database = await openDatabase({});
    await database.migrate();
    return { database, drop: () => database.close().catch(() => {}) };
  }
  const database = await openDatabase({
    url: scratch.url,
    poolSize: options.poolSize ?? 20,
    statementTimeoutMs: options.statementTimeoutMs,
  });
  await database.migrate();
  return {
    database,
    url: scratch.url,
    async drop() {
      await database.close().catch(() => {});
      await scratch.drop();
    },
  };
}

/** An empty PostgreSQL database of its own on the DATABASE_URL server; undefined when DATABASE_URL is unset. */
export async function createScratchPostgres(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) return undefined;
  const name = `emporium_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
