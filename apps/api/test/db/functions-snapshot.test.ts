import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { openEmbedded } from '../../src/db/embedded.js';
import { functionsSnapshot } from '../../src/db/functions-snapshot.js';

const snapshotFile = new URL('../../src/db/functions.sql', import.meta.url);
const architecture = new URL('../../../../docs/architecture.md', import.meta.url);

describe('the SQL functions and triggers, readable in one place', { timeout: 120_000 }, () => {
  it('then src/db/functions.sql is what the migrations leave, and docs/architecture.md names each of them', async () => {
    // Always PGlite: pg_get_functiondef's layout is the one PostgreSQL 18 writes.
    const database = openEmbedded(undefined);
    try {
      await database.migrate();
      const current = await functionsSnapshot(database.db);
      assert.equal(
        readFileSync(snapshotFile, 'utf8'),
        current,
        'src/db/functions.sql is out of date: run `npm run db:functions -w @emporium/api`',
      );
      const names = [...current.matchAll(/^CREATE (?:OR REPLACE FUNCTION public\.|TRIGGER )([a-z0-9_]+)/gm)].map((m) => m[1]);
      assert.ok(names.length > 30, `${names.length} functions and triggers`);
      const doc = readFileSync(architecture, 'utf8');
      assert.deepEqual(
        names.filter((name) => !doc.includes(`\`${name}\``) && !doc.includes(`\`${name}(`)),
        [],
        'not in the map of docs/architecture.md',
      );
    } finally {
      await database.close();
    }
  });
});
