import { z } from 'zod';
import { queryPageSize } from './query.js';

/** The most items a list answers in one page. */
export const MAX_PAGE_SIZE = 100;

/**
 * `limit` defaults to 20; a larger one than MAX_PAGE_SIZE is read as MAX_PAGE_SIZE (the
 * contract caps it rather than refusing it), so a client asking for "everything" pages by cursor.
 */
export const LimitSchema = queryPageSize(MAX_PAGE_SIZE)
  .default(20)
  .describe(`Items per page, default 20; anything above ${MAX_PAGE_SIZE} is read as ${MAX_PAGE_SIZE}`);

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
