import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, type Db, migrationsFolder } from './database.js';
import { QueryTiming } from './query-timing.js';
import * as schema from './schema/index.js';

/** The embedded PostgreSQL (PGlite) in `dataDir`/pglite, or in memory without one. */
export function openEmbedded(dataDir: string | undefined): Database {
  let dir: string | undefined;
  if (dataDir) {
    dir = join(dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
  }
  const client = new PGlite({ dataDir: dir, extensions: { pg_trgm } });
  const timing = new QueryTiming();
  timing.wrap(client);
  const transaction = client.transaction.bind(client);
  client.transaction = (run) =>
    transaction((tx) => {
      timing.wrap(tx);
      return run(tx);
    });
  const pglite = drizzlePglite({ client, schema });
  return {
    db: pglite as unknown as Db,
    kind: 'embedded',
    async migrate(folder = migrationsFolder) {
      await migratePglite(pglite, { migrationsFolder: folder });
    },
    async ping() {
      await pglite.execute(sql`select 1`);
    },
    async close() {
      await client.close();
    },
    poolStats() {
      const busy = Math.min(timing.running, 1);
      return { total: 1, idle: 1 - busy, waiting: timing.running - busy };
    },
    timeQueries(observe) {
      timing.observe = observe;
    },
  };
}
