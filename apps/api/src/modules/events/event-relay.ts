import { and, asc, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
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

export function relayRetrySeconds(attempt: number): number {
  return Math.min(600, 2 ** attempt);
}

export interface EventRelayDeps {
  db: Db;
  sink: EventSink;
  logger: FastifyBaseLogger;
  pollIntervalMs: number;
}

/**
 * Delivers pending domain events to the sink at least once, in order per subject, with
 * retries and backoff. Batches are claimed with a lease under FOR UPDATE SKIP LOCKED, so
 * several relays (API processes) never deliver the same events at the same time; an event
 * waits while an earlier one of its subject is held by another relay or waiting to retry.
 */
export class EventRelay {
  private readonly loop: PollingLoop;

  constructor(private readonly deps: EventRelayDeps) {
    this.loop = new PollingLoop('event relay', async () => (await this.deliverDue()) > 0, deps.pollIntervalMs, deps.logger);
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.deps.sink.close?.();
  }

  /** One pass: claim a batch, deliver what may go now, release the rest. Returns how many were delivered. */
  async deliverDue(): Promise<number> {
    const { db, sink, logger } = this.deps;
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    const deliverable = await this.inSubjectOrder(claimed);
    const held = claimed.filter((e) => !deliverable.includes(e));
    if (held.length) await this.release(held.map((e) => e.id));
    if (deliverable.length === 0) return 0;
    try {
      await sink.publish(deliverable);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const attempts = Math.max(...deliverable.map((e) => e.attempts));
      await db
        .update(domainEvents)
        .set({
          lockedUntil: null,
          lastError: message.slice(0, 1000),
          nextAttemptAt: sql`now() + make_interval(secs => ${relayRetrySeconds(attempts)})`,
        })
        .where(
          inArray(
            domainEvents.id,
            deliverable.map((e) => e.id),
          ),
        );
      logger.warn({ sink: sink.name, events: deliverable.length, attempts, err: message }, 'event delivery failed; will retry');
      return 0;
    }
    await db
      .update(domainEvents)
      .set({ publishedAt: sql`now()`, lockedUntil: null, lastError: null })
      .where(
        inArray(
          domainEvents.id,
          deliverable.map((e) => e.id),
        ),
      );
    return deliverable.length;
  }

  private async claim(): Promise<DomainEventRow[]> {
    const { db } = this.deps;
    const due = db
      .select({ id: domainEvents.id })
      .from(domainEvents)
      .where(
        and(
          isNull(domainEvents.publishedAt),
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
      .where(and(isNull(domainEvents.publishedAt), inArray(domainEvents.subjectId, subjects)))
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
