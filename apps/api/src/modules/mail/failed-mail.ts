import type { FailedMail } from '@emporium/contracts';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';

const LIST_LIMIT = 200;

/** Mail the worker gave up on, oldest first. */
export async function listFailedMail(db: Db): Promise<FailedMail[]> {
  const rows = await db
    .select()
    .from(mailOutbox)
    .where(eq(mailOutbox.status, 'failed'))
    .orderBy(asc(mailOutbox.createdAt))
    .limit(LIST_LIMIT);
  return rows.map((m) => ({
    id: m.id,
    template: m.template,
    recipient: m.recipient,
    attempts: m.attempts,
    lastError: m.lastError,
    createdAt: m.createdAt.toISOString(),
  }));
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
