import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Db, migrationsFolder, rowsOf } from '../../src/db/client.js';
import { MigrationError, migrateDown, migrationStatus } from '../../src/db/migrator.js';
import { postgresToolsSkipReason } from '../helpers/postgres-tools.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/**
 * The schema as the catalogs describe it, object by object, in an order that does not depend
 * on when an object was made (a column dropped and added again keeps its place among the
 * others, not its attribute number).
 */
async function schemaOf(db: Db): Promise<Record<string, string[]>> {
  const list = async (query: ReturnType<typeof sql>) => rowsOf<{ line: string }>(await db.execute(query)).map((r) => r.line);
  return {
    columns: await list(sql`
      select c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
        || case when a.attnotnull then ' not null' else '' end
        || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
        || case when a.attgenerated <> '' then ' generated' else '' end as line
      from pg_attribute a
      join pg_class c on c.oid = a.attrelid
      join pg_namespace n on n.oid = c.relnamespace
      left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
    tables: await list(sql`
      select c.relname || ' ' || coalesce(array_to_string(c.reloptions, ','), '') as line
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'S') order by 1`),
    constraints: await list(sql`
      select t.relname || ' ' || k.conname || ' ' || pg_get_constraintdef(k.oid) as line
      from pg_constraint k join pg_class t on t.oid = k.conrelid join pg_namespace n on n.oid = t.relnamespace
      where n.nspname = 'public' order by 1`),
    indexes: await list(sql`select indexdef as line from pg_indexes where schemaname = 'public' order by indexname`),
    functions: await list(sql`
      select pg_get_functiondef(p.oid) as line
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prokind = 'f' order by p.proname, pg_get_function_identity_arguments(p.oid)`),
    triggers: await list(sql`
      select pg_get_triggerdef(t.oid) as line from pg_trigger t join pg_class c on c.oid = t.tgrelid
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and not t.tgisinternal order by t.tgname`),
    extensions: await list(sql`select extname as line from pg_extension order by 1`),
  };
}

/** A copy of the migrations folder whose journal stops after the first `count` entries. */
function firstMigrations(scratch: string, count: number): string {
  const folder = join(scratch, `first-${count}`);
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, count) }));
  return folder;
}

const pgDumpSkip = await postgresToolsSkipReason(['pg_dump']);

describe('migrations both ways', { timeout: 300_000 }, () => {
  let testDb: TestDatabase;
  let scratch: string;
  before(async () => {
    testDb = await createTestDatabase();
    scratch = mkdtempSync(join(tmpdir(), 'emporium-migrations-'));
  });
  after(async () => {
    await testDb.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('every migration has a down step', async () => {
    const status = await migrationStatus(testDb.database.db);
    assert.ok(status.length > 0);
    assert.deepEqual(
      status.filter((m) => !m.reversible).map((m) => m.tag),
      [],
    );
    assert.ok(status.every((m) => m.applied));
  });

  it('when every migration is undone one by one and applied again, each level of the schema is the one the migrations up to it make', async () => {
    const { database } = testDb;
    const { db } = database;
    const total = (await migrationStatus(db)).length;
    const full = await schemaOf(db);
    const down: Record<string, string[]>[] = [];
    down[total] = full;
    for (let level = total - 1; level >= 0; level--) {
      const undone = await migrateDown(db, 1);
      assert.equal(undone.length, 1);
      down[level] = await schemaOf(db);
    }
    assert.deepEqual(down[0]?.columns, [], 'no table is left once every migration is undone');
    assert.ok((await migrationStatus(db)).every((m) => !m.applied));
    // Up again one migration at a time: each level matches the same level on the way down.
    for (let level = 1; level <= total; level++) {
      await database.migrate(firstMigrations(scratch, level));
      assert.deepEqual(await schemaOf(db), down[level], `after migration ${level} of ${total}`);
    }
    assert.deepEqual(await schemaOf(db), full);
  });

  it('when a migration has no down step, migrate down stops before it and changes nothing', async () => {
    const folder = firstMigrations(scratch, (await migrationStatus(testDb.database.db)).length);
    const last = (await migrationStatus(testDb.database.db, folder)).at(-1);
    assert.ok(last);
    rmSync(join(folder, `${last.tag}.down.sql`));
    const before = await schemaOf(testDb.database.db);
    await assert.rejects(migrateDown(testDb.database.db, 1, folder), MigrationError);
    assert.deepEqual(await schemaOf(testDb.database.db), before);
    assert.ok((await migrationStatus(testDb.database.db)).every((m) => m.applied));
  });

  it('on PostgreSQL, pg_dump --schema-only reads the same after every migration is undone and applied again', {
    skip: pgDumpSkip,
  }, async () => {
    const url = testDb.url ?? '';
    const dump = () => {
      const run = spawnSync('pg_dump', ['--schema-only', '--no-owner', '--exclude-schema=drizzle', url], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      // pg_dump fences its output with a random key (\restrict … \unrestrict …) each run.
      return run.stdout.replace(/^\\(un)?restrict .*$/gm, '');
    };
    const { database } = testDb;
    const before = dump();
    await migrateDown(database.db, (await migrationStatus(database.db)).length);
    await database.migrate();
    assert.equal(dump(), before);
  });
});
