import { createHash } from 'node:crypto';
import { ErrorCode } from '@emporium/contracts';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { idempotencyKeys } from '../../db/schema/index.js';
import { AppError, ValidationFailedError } from '../../errors.js';

const TTL_HOURS = 24;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** Canonical JSON (sorted keys) so the same body always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * Runs `work` once per (user, key): a repeat with the same body gets the first answer
 * (success or business error) again; a different body is a 422; a repeat while the first
 * is still running is a 409. Server errors free the key so the client can retry.
 */
export async function runIdempotent(
  db: Db,
  userId: string,
  key: string,
  body: unknown,
  work: () => Promise<StoredResponse>,
): Promise<StoredResponse> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 8–200 characters of letters, digits, . _ : -' }]);
  }
  const requestHash = createHash('sha256').update(canonical(body)).digest('hex');
  await db
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key), lt(idempotencyKeys.expiresAt, sql`now()`)));
  const [claimed] = await db
    .insert(idempotencyKeys)
    .values({ userId, key, requestHash, expiresAt: sql`now() + make_interval(hours => ${TTL_HOURS})` })
    .onConflictDoNothing()
    .returning();
  if (!claimed) {
    const [existing] = await db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
    if (!existing) return runIdempotent(db, userId, key, body, work);
    if (existing.requestHash !== requestHash) {
      throw new AppError(422, ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with a different request body');
    }
    if (existing.state === 'in_progress')
      throw new AppError(409, ErrorCode.IdempotencyKeyInProgress, 'A request with this Idempotency-Key is still being processed');
    return { status: existing.responseStatus ?? 200, body: existing.responseBody };
  }
  let response: StoredResponse;
  try {
    response = await work();
  } catch (err) {
    if (err instanceof AppError && err.status < 500) {
      response = {
        status: err.status,
        body: { __error: true, status: err.status, code: err.code, detail: err.message, extra: err.extra ?? null },
      };
    } else {
      await db.delete(idempotencyKeys).where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
      throw err;
    }
  }
  await db
    .update(idempotencyKeys)
    .set({ state: 'done', responseStatus: response.status, responseBody: response.body })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  return response;
}

/** Turns a stored business error back into the error it was. */
export function replay(response: StoredResponse): unknown {
  const body = response.body as {
    __error?: boolean;
    status: number;
    code: string;
    detail: string;
    extra: Record<string, unknown> | null;
  } | null;
  if (body?.__error) throw new AppError(body.status, body.code, body.detail, body.extra ? { extra: body.extra } : {});
  return response.body;
}
