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

/** A claim left `in_progress` by a version that committed it before the work: abandoned once this old. */
const ABANDONED_CLAIM_MINUTES = 2;

/** Another request's claim vanished between our insert and our read (it expired): try again. */
class ClaimVanished extends Error {}

/**
 * Runs `work` once per (user, key): a repeat with the same body gets the first answer
 * (success or business error) again; a different body is a 422. The claim, the work's writes
 * and the stored answer commit in one transaction, so no crash or error can leave a key
 * "in progress": either all of it is there (a retry gets the order that was placed) or none
 * (a retry places it). A repeat sent while the first is running waits for it on the claim's
 * row, then replays its answer. `work` must write nothing when it throws a business (4xx) error.
 * `fresh` says whether this call did the work (false: a replay).
 */
export async function runIdempotent(
  db: Db,
  userId: string,
  key: string,
  body: unknown,
  work: (tx: Db) => Promise<StoredResponse>,
): Promise<{ response: StoredResponse; fresh: boolean }> {
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationFailedError([{ field: 'Idempotency-Key', message: 'must be 8–200 characters of letters, digits, . _ : -' }]);
  }
  const requestHash = createHash('sha256').update(canonical(body)).digest('hex');
  const ofKey = and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key));
  await db.delete(idempotencyKeys).where(and(ofKey, lt(idempotencyKeys.expiresAt, sql`now()`)));
  for (;;) {
    try {
      return await db.transaction(async (tx) => {
        const [claimed] = await tx
          .insert(idempotencyKeys)
          .values({ userId, key, requestHash, expiresAt: sql`now() + make_interval(hours => ${TTL_HOURS})` })
          .onConflictDoNothing()
          .returning();
        if (!claimed) {
          const [existing] = await tx.select().from(idempotencyKeys).where(ofKey).for('update');
          if (!existing) throw new ClaimVanished();
          if (existing.requestHash !== requestHash) {
            throw new AppError(422, ErrorCode.IdempotencyKeyReused, 'This Idempotency-Key was used with a different request body');
          }
          if (existing.state === 'done')
            return { response: { status: existing.responseStatus ?? 200, body: existing.responseBody }, fresh: false };
          if (Date.now() - existing.createdAt.getTime() < ABANDONED_CLAIM_MINUTES * 60_000) {
            throw new AppError(409, ErrorCode.IdempotencyKeyInProgress, 'A request with this Idempotency-Key is still being processed');
          }
          // An older claim committed on its own (before claims and work shared a transaction) whose
          // request died: nothing was stored with it, so the work is done now, under this lock.
        }
        const response = await businessOutcome(() => work(tx));
        await tx.update(idempotencyKeys).set({ state: 'done', responseStatus: response.status, responseBody: response.body }).where(ofKey);
        return { response, fresh: true };
      });
    } catch (err) {
      if (!(err instanceof ClaimVanished)) throw err;
    }
  }
}

/** The work's answer; a business error is an answer too (stored and replayed), anything else rolls back. */
async function businessOutcome(work: () => Promise<StoredResponse>): Promise<StoredResponse> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    return {
      status: err.status,
      body: { __error: true, status: err.status, code: err.code, detail: err.message, extra: err.extra ?? null },
    };
  }
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

/** Forgets a customer's stored checkout answers: they repeat each order with its address. */
export async function forgetIdempotencyKeysOf(db: Db, userId: string): Promise<void> {
  await db.delete(idempotencyKeys).where(eq(idempotencyKeys.userId, userId));
}
