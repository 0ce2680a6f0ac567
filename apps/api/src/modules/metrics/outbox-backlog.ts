import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';

export interface Backlog {
  /** Rows waiting. */
  count: number;
  /** Age of the oldest waiting row in seconds; 0 when none waits. */
  oldestAgeSeconds: number;
}

function backlogOf(rows: { count: number; oldest: number | null }[]): Backlog {
  const row = rows[0];
  return { count: Number(row?.count ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}

/** Mail not yet sent (pending, including retries): one scan of the pending index. */
export async function mailOutboxBacklog(db: Db): Promise<Backlog> {
  return backlogOf(
    rowsOf(
      await db.execute(sql`
        select count(*)::int as count, extract(epoch from now() - min(created_at))::float8 as oldest
        from mail_outbox where status = 'pending'`),
    ),
  );
}

/** Domain events the relay has not delivered yet: one scan of the unpublished index. */
export async function eventOutboxBacklog(db: Db): Promise<Backlog> {
  return backlogOf(
    rowsOf(
      await db.execute(sql`
        select count(*)::int as count, extract(epoch from now() - min(occurred_at))::float8 as oldest
        from domain_events where published_at is null`),
    ),
  );
}
