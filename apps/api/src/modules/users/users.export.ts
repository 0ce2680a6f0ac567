import type { Readable } from 'node:stream';
import type { UserFilter } from '@emporium/contracts';
import type { Db } from '../../db/client.js';
import { csvStream } from '../../lib/csv.js';
import { listUsersPage } from './users.repository.js';

const BATCH = 1000;
const COLUMNS = ['id', 'email', 'fullName', 'role', 'isActive', 'isVerified', 'createdAt'] as const;

/** Streams matching users as CSV, page by page, so memory stays flat for any number of rows. */
export function exportUsersCsv(db: Db, filter: UserFilter): Readable {
  async function* rows() {
    let after: { createdAt: string; id: string } | undefined;
    for (;;) {
      const page = await listUsersPage(db, filter, BATCH, after);
      for (const u of page) {
        yield [u.id, u.email, u.fullName, u.role, String(u.isActive), String(u.isVerified), u.createdAt.toISOString()];
      }
      const last = page.at(-1);
      if (page.length < BATCH || !last) return;
      after = { createdAt: last.createdAt.toISOString(), id: last.id };
    }
  }
  return csvStream(rows(), { header: true, columns: [...COLUMNS], quoted: true, quoted_empty: true });
}
