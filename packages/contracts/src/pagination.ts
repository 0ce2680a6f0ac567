import { z } from 'zod';
import { queryInt } from './query.js';

/** `limit` defaults to 20 and is capped at 100. */
export const LimitSchema = queryInt(1, 100).default(20);

/** Opaque keyset cursor returned as `nextCursor` by list endpoints. */
export const CursorSchema = z.string().min(1).max(500);

export const PageQuerySchema = z.strictObject({
  limit: LimitSchema,
  cursor: CursorSchema.optional(),
});

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
  });
}

export function countedPageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  });
}

/** Query-string booleans: only the literal words are accepted. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((v) => v === 'true');
