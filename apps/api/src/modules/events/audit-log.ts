import type { AuditLogQuery, DomainEvent } from '@emporium/contracts';
import { and, desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type DomainEventRow, domainEvents } from '../../db/schema/index.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';

export function toDomainEvent(e: DomainEventRow): DomainEvent {
  return {
    id: e.id,
    sequence: e.sequence,
    type: e.type,
    version: e.version,
    occurredAt: e.occurredAt.toISOString(),
    actorId: e.actorId,
    subject: { type: e.subjectType, id: e.subjectId },
    payload: e.payload,
    publishedAt: e.publishedAt?.toISOString() ?? null,
  };
}

/** The audit trail: who did what to which object, newest first. */
export async function readAuditLog(
  db: Db,
  query: AuditLogQuery,
  timezone: string,
): Promise<{ items: DomainEvent[]; nextCursor: string | null }> {
  const conditions: SQL[] = [];
  if (query.type) conditions.push(eq(domainEvents.type, query.type));
  if (query.actorId) conditions.push(eq(domainEvents.actorId, query.actorId));
  if (query.subjectId) conditions.push(eq(domainEvents.subjectId, query.subjectId));
  const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (query.from) {
    conditions.push(
      isDate(query.from)
        ? sql`${domainEvents.occurredAt} >= (${query.from}::date)::timestamp at time zone ${timezone}`
        : sql`${domainEvents.occurredAt} >= ${query.from}::timestamptz`,
    );
  }
  if (query.to) {
    conditions.push(
      isDate(query.to)
        ? sql`${domainEvents.occurredAt} < ((${query.to}::date + 1)::timestamp at time zone ${timezone})`
        : sql`${domainEvents.occurredAt} <= ${query.to}::timestamptz`,
    );
  }
  if (query.cursor) {
    const [before] = decodeCursor<[number]>(query.cursor, (v): v is [number] => v.length === 1 && Number.isSafeInteger(v[0]));
    conditions.push(sql`${domainEvents.sequence} < ${before}`);
  }
  const rows = await db
    .select()
    .from(domainEvents)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(domainEvents.sequence))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { items: page.map(toDomainEvent), nextCursor: rows.length > query.limit && last ? encodeCursor([last.sequence]) : null };
}
