import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Db, MIGRATION_LOCK_ID, migrationsFolder, rowsOf } from './client.js';

/**
 * Migrations both ways. Drizzle's migrator applies the migrations up (`Database.migrate`),
 * recording each in `drizzle.__drizzle_migrations` by its journal time; it applies every
 * migration newer than the newest one recorded. A migration is undone by its
 * `NNNN_name.down.sql` beside it, run in one transaction with the removal of its record, so
 * the next `migrate` applies it again.
 */
export interface MigrationState {
  tag: string;
  /** The journal's time of the migration, which is what the database records. */
  when: number;
  applied: boolean;
  /** Has a down step. */
  reversible: boolean;
}

interface JournalEntry {
  tag: string;
  when: number;
}

export class MigrationError extends Error {}

function journal(folder = migrationsFolder): JournalEntry[] {
  const { entries } = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return entries;
}

const downFile = (folder: string, tag: string) => join(folder, `${tag}.down.sql`);

async function appliedTimes(db: Db): Promise<Set<number>> {
  const exists = rowsOf<{ present: boolean }>(
    await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`),
  )[0]?.present;
  if (!exists) return new Set();
  const rows = rowsOf<{ created_at: string | number }>(await db.execute(sql`select created_at from drizzle.__drizzle_migrations`));
  return new Set(rows.map((r) => Number(r.created_at)));
}

/** Every migration of the journal, oldest first, with whether it is applied and can be undone. */
export async function migrationStatus(db: Db, folder = migrationsFolder): Promise<MigrationState[]> {
  const applied = await appliedTimes(db);
  return journal(folder).map((e) => ({
    tag: e.tag,
    when: e.when,
    applied: applied.has(e.when),
    reversible: existsSync(downFile(folder, e.tag)),
  }));
}

/**
 * Undoes the newest `steps` applied migrations, newest first, each in its own transaction
 * (under the lock `migrate` takes, so no instance migrates meanwhile). Stops before a migration
 * without a down step, with nothing of it changed. Returns the tags undone.
 */
export async function migrateDown(db: Db, steps: number, folder = migrationsFolder): Promise<string[]> {
  const undone: string[] = [];
  const applied = (await migrationStatus(db, folder)).filter((m) => m.applied).reverse();
  for (const migration of applied.slice(0, steps)) {
    if (!migration.reversible) {
      throw new MigrationError(
        `${migration.tag} has no down step (${migration.tag}.down.sql), so it cannot be undone${undone.length ? `; undone before it: ${undone.join(', ')}` : ''}`,
      );
    }
    const statements = readFileSync(downFile(folder, migration.tag), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => s.trim());
    await db.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`);
      for (const statement of statements) await tx.execute(sql.raw(statement));
      await tx.execute(sql`delete from drizzle.__drizzle_migrations where created_at = ${migration.when}`);
    });
    undone.push(migration.tag);
  }
  return undone;
}
