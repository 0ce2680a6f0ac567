import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Db, inClaimed } from '../../db/client.js';
import { type DomainEventRow, domainEvents } from '../../db/schema/index.js';
import { PollingLoop } from '../../lib/polling-loop.js';

/** Where relayed events go (Kafka in production; tests use their own). Must throw when not delivered. */
export interface EventSink {
  readonly name: string;
  publish(events: DomainEventRow[]): Promise<void>;
  /** Throws when the destination cannot be reached (readiness). */
  check?(): Promise<void>;
  close?(): Promise<void>;
}

const BATCH_SIZE = 100;
const LEASE_SECONDS = 60;
/** While the sink is unreachable, events wait this long between tries (without using up attempts). */
const OUTAGE_RETRY_SECONDS = 5;

export function relayRetrySeconds(attempt: number): number {
  return Math.min(600, 2 ** attempt);
}

export interface EventRelayDeps {
  db: Db;
  sink: EventSink;
  logger: FastifyBaseLogger;
  pollIntervalMs: number;
  /** Refusals (with the sink reachable) after which an event is parked. */
  maxAttempts: number;
  /** Told of each batch the sink refused (metrics). */
  onDeliveryFailed?: (events: number) => void;
}

/**
 * Delivers pending domain events to the sink at least once, in order per subject, with
 * retries and backoff. Batches are claimed with a lease under FOR UPDATE SKIP LOCKED, so
 * several relays (API processes) never deliver the same events at the same time; an event
 * waits while an earlier one of its subject is held by another relay or waiting to retry.
 *
 * An outage (the sink fails its own check) only delays events: attempts are not used up and
 * the events wait in the table. An event the reachable sink refuses `maxAttempts` times is
 * parked (`parked_at`), logged and shown to admins, and stops holding back its subject.
 */
export class EventRelay {
  private readonly loop: PollingLoop;

  constructor(private readonly deps: EventRelayDeps) {
    this.loop = new PollingLoop('event relay', async () => (await this.deliverDue()) > 0, deps.pollIntervalMs, deps.logger);
  }

  start(): void {
    this.loop.start();
  }

  /** Deliver now instead of at the next poll (a parked event was put back). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.deps.sink.close?.();
  }

  /** One pass: claim a batch, deliver what may go now, release the rest. Returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const deliverable = await this.inSubjectOrder(claimed);
    const held = claimed.filter((e) => !deliverable.includes(e));
    if (held.length) await this.release(held.map((e) => e.id));
    if (deliverable.length === 0) return 0;
    try {
      await this.deps.sink.publish(deliverable);
      await this.markPublished(deliverable);
      return deliverable.length;
    } catch (err) {
      this.deps.onDeliveryFailed?.(deliverable.length);
      if (!(await this.sinkReachable())) {
        await this.waitOutOutage(deliverable, err);
        return 0;
      }
      // A batch refused again: one of its events may be what the sink refuses, so find which.
      if (deliverable.length > 1 && deliverable.some((e) => e.attempts > 1)) return this.deliverOneByOne(deliverable);
      for (const event of deliverable) await this.refused(event, err);
      return 0;
    }
  }

  /**
   * The sink is up but refused the batch: find the events it refuses. Once one of a subject
   * fails, the subject's later events in the batch wait for it (order per subject).
   */
  private async deliverOneByOne(events: DomainEventRow[]): Promise<number> {
    const blocked = new Set<string>();
    const waiting: DomainEventRow[] = [];
    let delivered = 0;
    for (const event of events) {
      if (blocked.has(event.subjectId)) {
        waiting.push(event);
        continue;
      }
      try {
        await this.deps.sink.publish([event]);
        await this.markPublished([event]);
        delivered++;
      } catch (err) {
        await this.refused(event, err);
        // A parked event no longer holds its subject back.
        if (event.attempts < this.deps.maxAttempts) blocked.add(event.subjectId);
      }
    }
    if (waiting.length) await this.release(waiting.map((e) => e.id));
    return delivered;
  }

  private async sinkReachable(): Promise<boolean> {
    if (!this.deps.sink.check) return true;
    try {
      await this.deps.sink.check();
      return true;
    } catch {
      return false;
    }
  }

  private async markPublished(events: DomainEventRow[]): Promise<void> {
    await this.deps.db
      .update(domainEvents)
      .set({ publishedAt: sql`now()`, lockedUntil: null, lastError: null })
      .where(
        inArray(
          domainEvents.id,
          events.map((e) => e.id),
        ),
      );
  }

  /** The sink is down: the claim is given back (not an attempt) and tried again shortly. */
  private async waitOutOutage(events: DomainEventRow[], err: unknown): Promise<void> {
    const { db, sink, logger } = this.deps;
    const message = errorMessage(err);
    await db
      .update(domainEvents)
      .set({
        lockedUntil: null,
        lastError: message.slice(0, 1000),
        attempts: sql`greatest(${domainEvents.attempts} - 1, 0)`,
        nextAttemptAt: sql`now() + make_interval(secs => ${OUTAGE_RETRY_SECONDS})`,
      })
      .where(
        inArray(
          domainEvents.id,
          events.map((e) => e.id),
        ),
      );
    logger.warn({ sink: sink.name, events: events.length, err: message }, 'event sink unreachable; events wait in the outbox');
  }

  /** The reachable sink refused this event: back off, or park it once it has had its attempts. */
  private async refused(event: DomainEventRow, err: unknown): Promise<void> {
    const { db, sink, logger, maxAttempts } = this.deps;
    const message = errorMessage(err);
    const park = event.attempts >= maxAttempts;
    await db
      .update(domainEvents)
      .set({
        lockedUntil: null,
        lastError: message.slice(0, 1000),
        nextAttemptAt: sql`now() + make_interval(secs => ${relayRetrySeconds(event.attempts)})`,
        ...(park ? { parkedAt: sql`now()` } : {}),
      })
      .where(eq(domainEvents.id, event.id));
    const context = {
      sink: sink.name,
      eventId: event.id,
      type: event.type,
      subjectId: event.subjectId,
      attempts: event.attempts,
      err: message,
    };
    if (park) logger.error(context, 'event parked after repeated refusals; its subject moves on without it');
    else logger.warn(context, 'event refused by the sink; will retry');
  }

  private async claim(): Promise<DomainEventRow[]> {
    const { db } = this.deps;
    const due = db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(
        and(
          isNull(domainEvents.publishedAt),
          isNull(domainEvents.parkedAt),
          lte(domainEvents.nextAttemptAt, sql`now()`),
          or(isNull(domainEvents.lockedUntil), lt(domainEvents.lockedUntil, sql`now()`)),
        ),
      )
      .orderBy(asc(domainEvents.sequence))
      .limit(BATCH_SIZE)
      .for('update', { skipLocked: true });
    const rows = await db
      .update(domainEvents)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`, attempts: sql`${domainEvents.attempts} + 1` })
      .where(inClaimed(domainEvents.id, due))
      .returning();
    return rows.sort((a, b) => a.sequence - b.sequence);
  }

  /** Drops every event whose subject has an earlier undelivered event outside this batch. */
  private async inSubjectOrder(batch: DomainEventRow[]): Promise<DomainEventRow[]> {
    const subjects = [...new Set(batch.map((e) => e.subjectId))];
    const earliest = await this.deps.db
      .select({ subjectId: domainEvents.subjectId, first: sql<number>`min(${domainEvents.sequence})`.mapWith(Number) })
      .from(domainEvents)
      .where(and(isNull(domainEvents.publishedAt), isNull(domainEvents.parkedAt), inArray(domainEvents.subjectId, subjects)))
      .groupBy(domainEvents.subjectId);
    const firstPending = new Map(earliest.map((r) => [r.subjectId, r.first]));
    const firstInBatch = new Map<string, number>();
    for (const e of batch) if (!firstInBatch.has(e.subjectId)) firstInBatch.set(e.subjectId, e.sequence);
    return batch.filter((e) => firstPending.get(e.subjectId) === firstInBatch.get(e.subjectId));
  }

  private async release(ids: string[]): Promise<void> {
    // Not an attempt: give the claim back.
    await this.deps.db
      .update(domainEvents)
      .set({ lockedUntil: null, attempts: sql`greatest(${domainEvents.attempts} - 1, 0)` })
      .where(inArray(domainEvents.id, ids));
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
