import { z } from 'zod';
import { CursorSchema, LimitSchema } from './pagination.js';
import { IsoDateSchema, IsoTimestampSchema } from './query.js';

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
