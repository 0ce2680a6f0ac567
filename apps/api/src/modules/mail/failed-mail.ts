import type { AdminQueueQuery, FailedMail } from '@emporium/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, isIsoTimestamp, isUuid } from '../../lib/cursor.js';

/** Mail the worker gave up on, oldest first, a page at a time. */
export async function listFailedMail(db: Db, page: AdminQueueQuery): Promise<{ items: FailedMail[]; nextCursor: string | null }> {
  const after = page.cursor
    ? decodeCursor<[string, string]>(page.cursor, (v): v is [string, string] => v.length === 2 && isIsoTimestamp(v[0]) && isUuid(v[1]))
    : undefined;
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.status, 'failed'),
        after ? sql`(${mailOutbox.createdAt}, ${mailOutbox.id}) > (${after[0]}::timestamptz, ${after[1]}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(mailOutbox.createdAt), asc(mailOutbox.id))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((m) => ({
      id: m.id,
      template: m.template,
      recipient: m.recipient,
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt.toISOString(),
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
  };
}

/** Queues a failed mail again with fresh attempts; false when there is no such failed mail. */
export async function retryFailedMail(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(mailOutbox)
    .set({ status: 'pending', attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(mailOutbox.id, id), eq(mailOutbox.status, 'failed')))
    .returning({ id: mailOutbox.id });
  return rows.length > 0;
}
