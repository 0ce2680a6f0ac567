import type { DomainEventType } from '@emporium/contracts';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { domainEvents } from '../../db/schema/index.js';

export interface NewDomainEvent {
  type: DomainEventType;
  /** Who caused it; null for the system. */
  actorId: string | null;
  subjectType: 'user' | 'product' | 'order' | 'review';
  subjectId: string;
  payload: Record<string, unknown>;
  version?: number;
}

/** Records an event inside the caller's transaction: it exists exactly when the change does. */
export async function recordEvent(tx: Db, event: NewDomainEvent): Promise<void> {
  await tx.insert(domainEvents).values({ ...event, version: event.version ?? 1 });
}

/**
 * Records the events `rows` yields (`type, actor_id, subject_type, subject_id, payload`, in that
 * order) as a step of a larger statement (see db/steps.ts): they exist exactly when its change does.
 */
export function eventsRecorded(rows: SQL): SQL {
  return sql`insert into domain_events (type, actor_id, subject_type, subject_id, payload) ${rows}`;
}

/** Records `product.low_stock` when a stock change crosses the threshold downwards. */
export async function recordLowStockIfCrossed(
  tx: Db,
  actorId: string | null,
  product: { id: string; name: string; sku: string },
  before: number,
  after: number,
  threshold: number,
): Promise<void> {
  if (before > threshold && after <= threshold) {
    await recordEvent(tx, {
      type: 'product.low_stock',
      actorId,
      subjectType: 'product',
      subjectId: product.id,
      payload: { name: product.name, sku: product.sku, stockQuantity: after, threshold },
    });
  }
}

/**
 * Events are the audit trail, so they stay, keyed by the (now anonymous) user id; a person's
 * address is replaced wherever a payload holds it as a value, their name in events about them
 * (an event they caused may name a product). Matching the JSON-encoded string, quotes
 * included, replaces whole values only.
 */
export async function scrubPersonFromEvents(db: Db, person: { id: string; email: string; fullName: string }): Promise<void> {
  const email = JSON.stringify(person.email);
  const name = JSON.stringify(person.fullName);
  await db.execute(sql`
    update domain_events
    set payload = (case when subject_id = ${person.id}::uuid
      then replace(replace(payload::text, ${email}, '"[erased]"'), ${name}, '"[erased]"')
      else replace(payload::text, ${email}, '"[erased]"') end)::jsonb
    where actor_id = ${person.id}::uuid or subject_id = ${person.id}::uuid or strpos(payload::text, ${email}) > 0`);
}
