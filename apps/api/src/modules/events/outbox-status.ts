import type { AdminQueueQuery, OutboxBacklog, ParkedEvent } from '@emporium/contracts';
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor, isIntegerIn } from '../../lib/cursor.js';
import { toDomainEvent } from './audit-log.js';

/** How far the relay is behind: reported by /health/ready rather than failing it. */
export async function outboxBacklog(db: Db): Promise<OutboxBacklog> {
  const [row] = rowsOf<{ pending: number; oldest: number | null; parked: number }>(
    await db.execute(sql`
      select count(*) filter (where parked_at is null)::int as pending,
        extract(epoch from now() - min(occurred_at) filter (where parked_at is null))::float8 as oldest,
        count(*) filter (where parked_at is not null)::int as parked
      from ${domainEvents} where published_at is null`),
  );
  return {
    pending: row?.pending ?? 0,
    oldestPendingAgeSeconds: row?.oldest == null ? null : Math.round(row.oldest),
    parked: row?.parked ?? 0,
  };
}

/** The events the relay gave up on, oldest first, a page at a time. */
export async function listParkedEvents(db: Db, page: AdminQueueQuery): Promise<{ items: ParkedEvent[]; nextCursor: string | null }> {
  const after = page.cursor
    ? decodeCursor<[number]>(page.cursor, (v): v is [number] => v.length === 1 && isIntegerIn(1, Number.MAX_SAFE_INTEGER)(v[0]))[0]
    : undefined;
  const rows = await db
    .select()
    .from(domainEvents)
    .where(
      and(
        isNull(domainEvents.publishedAt),
        isNotNull(domainEvents.parkedAt),
        after === undefined ? undefined : gt(domainEvents.sequence, after),
      ),
    )
    .orderBy(asc(domainEvents.sequence))
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return {
    items: items.map((e) => ({
      ...toDomainEvent(e),
      attempts: e.attempts,
      lastError: e.lastError,
      parkedAt: (e.parkedAt as Date).toISOString(),
    })),
    nextCursor: rows.length > page.limit && last ? encodeCursor([last.sequence]) : null,
  };
}

/** Puts a parked event back in line with fresh attempts; false when no such parked event. */
export async function retryParkedEvent(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(domainEvents)
    .set({ parkedAt: null, attempts: 0, nextAttemptAt: sql`now()`, lockedUntil: null })
    .where(and(eq(domainEvents.id, id), isNull(domainEvents.publishedAt), isNotNull(domainEvents.parkedAt)))
    .returning({ id: domainEvents.id });
  return rows.length > 0;
}
