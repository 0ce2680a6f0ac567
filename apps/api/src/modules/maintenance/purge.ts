import { type SQL, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';

/** Any fixed number shared by every instance of the app (the migrations take 4 242 001). */
const PURGE_LOCK_ID = 4_242_002;

export interface PurgeSettings {
  /** Sent mail and events already relayed to Kafka are kept this long. */
  retentionDays: number;
  /**
   * A rotated refresh token is kept as long as its session can live (SESSION_MAX_DAYS), so a
   * replay of it is recognised as reuse, and ends the session, for the session's whole life.
   */
  sessionMaxDays: number;
}

export type PurgeReport = Record<(typeof PURGES)[number]['name'], number>;

const PURGES = [
  // Expired sessions hold IP addresses and user agents; their refresh tokens go with them (cascade).
  { name: 'sessions', where: () => sql`delete from sessions where expires_at < now()` },
  {
    name: 'refreshTokens',
    where: (s: PurgeSettings) => sql`delete from refresh_tokens where rotated_at < now() - make_interval(days => ${s.sessionMaxDays})`,
  },
  { name: 'mailedTokens', where: () => sql`delete from user_tokens where expires_at < now() or used_at is not null` },
  // Checkout answers are replayed for 24 hours (expires_at), then only take room.
  { name: 'idempotencyKeys', where: () => sql`delete from idempotency_keys where expires_at < now()` },
  {
    name: 'mail',
    where: (s: PurgeSettings) =>
      // Mail that failed for good stays for the admin (GET /admin/mail/failed) until retried.
      sql`delete from mail_outbox where status = 'sent' and sent_at < now() - make_interval(days => ${s.retentionDays})`,
  },
  // Events never relayed (no Kafka) are the audit log and stay.
  {
    name: 'relayedEvents',
    where: (s: PurgeSettings) => sql`delete from domain_events where published_at < now() - make_interval(days => ${s.retentionDays})`,
  },
] as const satisfies readonly { name: string; where: (s: PurgeSettings) => SQL }[];

/**
 * Deletes what has expired or outlived its retention, in one transaction under an advisory
 * lock: of several instances (or a `cli purge` beside them) one runs, the others return
 * undefined at once instead of waiting.
 */
export async function purgeExpired(db: Db, settings: PurgeSettings): Promise<PurgeReport | undefined> {
  return db.transaction(async (tx) => {
    const [lock] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${PURGE_LOCK_ID}) as locked`));
    if (!lock?.locked) return undefined;
    // A first purge after a long time (or an upgrade) may delete a large backlog: it gets more
    // time than a request's statement timeout, so it finishes instead of rolling back each hour.
    await tx.execute(sql`set local statement_timeout = '10min'`);
    const report = {} as PurgeReport;
    for (const purge of PURGES) {
      const [row] = rowsOf<{ n: number }>(
        await tx.execute(sql`with gone as (${purge.where(settings)} returning 1) select count(*)::int as n from gone`),
      );
      report[purge.name] = Number(row?.n ?? 0);
    }
    return report;
  });
}
