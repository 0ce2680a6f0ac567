import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { timeOrderedId } from './ids.js';

/**
 * Domain events: written in the same transaction as the change they describe (the
 * outbox), read by the admin audit log, and relayed to Kafka when it is configured.
 * `sequence` orders them; per subject, the relay keeps that order.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: timeOrderedId(),
    sequence: bigserial('sequence', { mode: 'number' }).notNull().unique(),
    type: text('type').notNull(),
    version: integer('version').notNull().default(1),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastError: text('last_error'),
    /** Set when delivery gave up on it (see EventRelay); it no longer holds back its subject. */
    parkedAt: timestamp('parked_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('domain_events_pending_idx').on(t.sequence).where(sql`${t.publishedAt} is null`),
    index('domain_events_type_idx').on(t.type, t.sequence),
    index('domain_events_actor_idx').on(t.actorId, t.sequence),
    index('domain_events_subject_idx').on(t.subjectId, t.sequence),
    index('domain_events_occurred_idx').on(t.occurredAt),
  ],
);
export type DomainEventRow = typeof domainEvents.$inferSelect;
