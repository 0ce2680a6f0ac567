import { eq, type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';
import type { MailData, MailTemplate } from './mail.templates.js';

/**
 * Queues a mail inside the caller's transaction: it is sent only if that transaction
 * commits, and it survives a crash or an SMTP outage until the worker delivers it.
 */
export async function enqueueMail<T extends MailTemplate>(tx: Db, template: T, recipient: string, data: MailData<T>): Promise<void> {
  await tx.insert(mailOutbox).values({ template, recipient, data });
}

/**
 * Queues a `template` mail for each row of `rows` (`recipient`, `data`) as a step of a larger
 * statement (see db/steps.ts): sent only if that statement's transaction commits.
 */
export function mailQueued(template: MailTemplate, rows: SQL): SQL {
  return sql`insert into mail_outbox (template, recipient, data) select ${template}::text, recipient, data from (${rows}) m`;
}

/** Mail not yet sent (pending, including retries) and the age of the oldest: one scan of the pending index. */
export async function mailBacklog(db: Db): Promise<{ count: number; oldestAgeSeconds: number }> {
  const [row] = rowsOf<{ count: number; oldest: number | null }>(
    await db.execute(sql`
      select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as oldest
      from ${mailOutbox} where status = 'pending'`),
  );
  return { count: Number(row?.count ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}

/** Drops every outbox row to an address: sent mail keeps it, and pending mail would still reach someone who asked to be forgotten. */
export async function dropMailTo(db: Db, recipient: string): Promise<void> {
  await db.delete(mailOutbox).where(eq(mailOutbox.recipient, recipient));
}
