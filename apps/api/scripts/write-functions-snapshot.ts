/** `npm run db:functions`: writes src/db/functions.sql from a freshly migrated embedded database. */
import { writeFileSync } from 'node:fs';
import { openEmbedded } from '../src/db/embedded.js';
import { functionsSnapshot } from '../src/db/functions-snapshot.js';

const database = openEmbedded(undefined);
await database.migrate();
const file = new URL('../src/db/functions.sql', import.meta.url);
writeFileSync(file, await functionsSnapshot(database.db));
await database.close();
process.stdout.write(`wrote ${file.pathname}\n`);
