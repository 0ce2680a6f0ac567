import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Most named statements one connection keeps prepared on the server. Each holds its parse tree
 * and, once PostgreSQL settles on one, its generic plan, in the backend's memory until it is
 * deallocated; the catalog's statements are a few hundred per connection at most, so anything
 * past this is churn (or a caller trying combinations) and the least recently used goes.
 */
export const PREPARED_PER_CONNECTION = 256;

/** Statement texts whose hash is remembered, so a repeated query is not hashed again. */
const NAMES_REMEMBERED = 1024;

type QueryConfig = { text?: unknown; name?: unknown; values?: unknown[] };
type QueryCallback = (err: (Error & { code?: string }) | null) => void;
/** What pg's client keeps of the statements it has parsed, to skip a Parse the server already has. */
type PgConnection = { parsedStatements: Record<string, string> };

/** `s_<hash>` for a statement text, from a small shared LRU so the hot ones are not hashed on every call. */
const namesByText = new Map<string, string>();
function nameOf(text: string): string {
  let name = namesByText.get(text);
  if (name !== undefined) {
    namesByText.delete(text);
  } else {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (namesByText.size >= NAMES_REMEMBERED) namesByText.delete(namesByText.keys().next().value as string);
  }
  namesByText.set(text, name);
  return name;
}

/**
 * The names one connection has prepared, least recently used first. Beyond `capacity` the oldest
 * is deallocated on the server (in order, behind the queries already queued, which may still
 * use it) and forgotten by pg's client once that ran, so a later use of it sends a Parse again.
 */
export class NamedStatements {
  private readonly names = new Set<string>();
  /** Names whose DEALLOCATE failed (an aborted transaction): still on the server, tried again. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly capacity: number,
    private readonly run: (text: string, callback: QueryCallback) => void,
    private readonly connection: PgConnection,
  ) {}

  /** How many names this connection holds on the server, as far as it knows. */
  get size(): number {
    return this.names.size + this.stale.size;
  }

  use(name: string): void {
    if (this.names.delete(name)) {
      this.names.add(name);
      return;
    }
    this.stale.delete(name);
    this.names.add(name);
    if (this.names.size <= this.capacity) return;
    const oldest = this.names.values().next().value as string;
    this.names.delete(oldest);
    for (const left of [...this.stale, oldest]) this.deallocate(left);
  }

  private deallocate(name: string): void {
    this.stale.delete(name);
    // Names are `s_`/`q_` and base64url: safe inside double quotes.
    this.run(`deallocate "${name}"`, (err) => {
      // 26000: it was never there (its Parse failed), which is as good as deallocated.
      if (err && err.code !== '26000') {
        if (!this.names.has(name)) this.stale.add(name);
        return;
      }
      // Even when the name came back meanwhile: its query is queued behind this DEALLOCATE and
      // must send its Parse again, which pg skips for a name it still has.
      delete this.connection.parsedStatements[name];
    });
  }
}

/** The statements of each pooled connection, for tests that check they stay bounded. */
export const namedStatementsOf = new WeakMap<pg.PoolClient, NamedStatements>();

/**
 * Every parameterised statement is sent as a named (prepared) statement, named by a hash of
 * its text, so PostgreSQL parses and plans it once per connection instead of on every call:
 * that doubles what the server answers per second for the catalog queries. Statements that
 * arrive named (drizzle's `.prepare(name)`, see prepared.ts) count against the same bound;
 * statements without parameters (migrations, scripts) stay unnamed.
 */
export function prepareStatements(client: pg.PoolClient, capacity = PREPARED_PER_CONNECTION): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const connection = (client as unknown as { connection: PgConnection }).connection;
  const statements = new NamedStatements(capacity, (text, callback) => query(text, callback), connection);
  namedStatementsOf.set(client, statements);
  client.query = ((config: unknown, ...rest: unknown[]) => {
    const q = config as QueryConfig;
    if (typeof q === 'object' && q !== null && typeof q.text === 'string') {
      if (typeof q.name === 'string') {
        statements.use(q.name);
      } else if (q.name === undefined) {
        const values = q.values ?? rest[0];
        if (Array.isArray(values) && values.length) {
          const name = nameOf(q.text);
          statements.use(name);
          return query({ ...q, name }, ...rest);
        }
      }
    }
    return query(config, ...rest);
  }) as typeof client.query;
}
