import { z } from 'zod';
import { CursorSchema, LimitSchema, PageQuerySchema } from './pagination.js';
import { IsoDateSchema, IsoTimestampSchema } from './query.js';

/** Every domain event the API records (the audit log and the Kafka topics carry them). */
export const DOMAIN_EVENT_TYPES = [
  'user.registered',
  'user.verified',
  'user.role_changed',
  'user.deleted',
  'product.created',
  'product.updated',
  'product.deleted',
  'product.low_stock',
  'order.placed',
  'order.status_changed',
  'order.cancelled',
  'review.created',
] as const;
export type DomainEventType = (typeof DOMAIN_EVENT_TYPES)[number];

export const DomainEventSchema = z.object({
  id: z.uuid(),
  sequence: z.number().int(),
  type: z.string().describe('e.g. order.placed, product.updated, user.role_changed'),
  version: z.number().int(),
  occurredAt: z.string(),
  actorId: z.uuid().nullable().describe('Who did it; null for the system'),
  subject: z.object({ type: z.string(), id: z.uuid() }),
  payload: z.record(z.string(), z.unknown()),
  publishedAt: z.string().nullable().describe('When it was relayed to Kafka; null while pending or without Kafka'),
});
export type DomainEvent = z.infer<typeof DomainEventSchema>;

export const AuditLogQuerySchema = z.strictObject({
  type: z.string().trim().min(1).max(100).optional(),
  actorId: z.uuid().optional(),
  subjectId: z.uuid().optional(),
  from: IsoTimestampSchema.or(IsoDateSchema).optional().describe('Inclusive: an ISO date or timestamp'),
  to: IsoTimestampSchema.or(IsoDateSchema).optional().describe('Inclusive: an ISO date (whole day) or timestamp'),
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuerySchema>;

export const AuditLogSchema = z.object({ items: z.array(DomainEventSchema), nextCursor: z.string().nullable() });

/** `limit` and `cursor` of the admin's lists of parked events and failed mail. */
export const AdminQueueQuerySchema = PageQuerySchema;
export type AdminQueueQuery = z.infer<typeof AdminQueueQuerySchema>;

/** An event the relay gave up on (the sink kept refusing it); it waits for an admin. */
export const ParkedEventSchema = DomainEventSchema.extend({
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  parkedAt: z.string(),
});
export type ParkedEvent = z.infer<typeof ParkedEventSchema>;
export const ParkedEventListSchema = z.object({ items: z.array(ParkedEventSchema), nextCursor: z.string().nullable() });

/** Events waiting to be relayed (Kafka), as the readiness body reports them. */
export const OutboxBacklogSchema = z.object({
  pending: z.number().int().describe('Events not yet relayed (parked ones excluded)'),
  oldestPendingAgeSeconds: z.number().nullable().describe('Age of the oldest of them; null when none'),
  parked: z.number().int().describe('Events the relay gave up on: GET /api/v1/admin/events/parked'),
});
export type OutboxBacklog = z.infer<typeof OutboxBacklogSchema>;

/** A mail the worker gave up on after its attempts; kept with the last error for an admin to retry. */
export const FailedMailSchema = z.object({
  id: z.uuid(),
  template: z.string(),
  recipient: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type FailedMail = z.infer<typeof FailedMailSchema>;
export const FailedMailListSchema = z.object({ items: z.array(FailedMailSchema), nextCursor: z.string().nullable() });
