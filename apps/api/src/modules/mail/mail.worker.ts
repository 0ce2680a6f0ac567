import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { type Db, inClaimed } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';
import { PollingLoop } from '../../lib/polling-loop.js';
import { renderMail } from './mail.templates.js';
import type { MailTransport } from './mail.transport.js';

const BATCH_SIZE = 20;
const MAX_ATTEMPTS = 10;
/**
 * How long a claimed mail is left to its worker before another may take it. It outlasts one SMTP
 * exchange (SMTP_TIMEOUTS: connect, greeting, an idle exchange), and the worker renews it while
 * its sends are still under way, so it runs out only for a worker that stopped.
 */
export const LEASE_SECONDS = 120;

/** 10 s, 20 s, 40 s … capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 10 * 2 ** (attempt - 1));
}

export interface MailWorkerDeps {
  db: Db;
  transport: MailTransport;
  logger: FastifyBaseLogger;
  storeName: string;
  pollIntervalMs: number;
  /** The claim's lease; LEASE_SECONDS unless a test needs a short one. */
  leaseSeconds?: number;
}

/** The lease a worker holds on its batch: the `locked_until` every row of it carries (a fencing token). */
interface Lease {
  until: Date;
  /** A renewal under way: the batch's outcome waits for it, so it is written under the newest token. */
  renewing: Promise<void>;
}

/**
 * Delivers the mail outbox. Rows are claimed with a short lease (FOR UPDATE SKIP LOCKED),
 * so several API processes share the work without sending a mail twice, and no
 * transaction stays open while talking to the SMTP server.
 */
export class MailWorker {
  private readonly loop: PollingLoop;

  constructor(private readonly deps: MailWorkerDeps) {
    this.loop = new PollingLoop('mail worker', async () => (await this.deliverDue()) >= BATCH_SIZE, deps.pollIntervalMs, deps.logger);
  }

  start(): void {
    this.loop.start();
  }

  /** Deliver now instead of at the next poll (called after a transaction queued mail). */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    this.deps.transport.close();
  }

  /**
   * Runs one delivery pass; returns how many mails were attempted. The batch's mails go out
   * at once: the SMTP transport spreads them over its pooled connections (one at a time, a
   * round trip per SMTP command left the pool's other connections idle).
   */
  async deliverDue(): Promise<number> {
    const batch = await this.claimBatch();
    if (batch.length === 0) return 0;
    // While any mail of the batch is still being sent the lease is renewed, a third of it at a
    // time: a send slower than the lease (mails queued on the pooled connections) is never taken
    // and sent again by another worker. Only a worker that died lets its lease run out.
    const lease: Lease = { until: leaseOf(batch), renewing: Promise.resolve() };
    const sending = new Set(batch.map((row) => row.id));
    const renewal = setInterval(
      () => {
        lease.renewing = lease.renewing.then(() => this.renewLease(sending, lease));
      },
      (this.leaseSeconds * 1000) / 3,
    );
    let delivered: boolean[];
    try {
      delivered = await Promise.all(
        batch.map(async (row) => {
          const sent = await this.deliver(row, lease);
          sending.delete(row.id);
          return sent;
        }),
      );
    } finally {
      clearInterval(renewal);
    }
    await lease.renewing;
    const sent = batch.filter((_, i) => delivered[i]).map((row) => row.id);
    if (sent.length) {
      // One statement for the batch; the data held single-use links, not needed once the mail is out.
      // A row whose lease another worker has taken since is left to that worker (its fencing token).
      await this.deps.db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null, data: {} })
        .where(and(inArray(mailOutbox.id, sent), eq(mailOutbox.lockedUntil, lease.until)));
    }
    return batch.length;
  }

  private get leaseSeconds(): number {
    return this.deps.leaseSeconds ?? LEASE_SECONDS;
  }

  /** Extends the lease of the mails still being sent, if this worker still holds it. */
  private async renewLease(ids: Set<string>, lease: Lease): Promise<void> {
    if (ids.size === 0) return;
    try {
      const [renewed] = await this.deps.db
        .update(mailOutbox)
        .set({ lockedUntil: sql`now() + make_interval(secs => ${this.leaseSeconds})` })
        .where(and(inArray(mailOutbox.id, [...ids]), eq(mailOutbox.lockedUntil, lease.until)))
        .returning({ lockedUntil: mailOutbox.lockedUntil });
      if (renewed?.lockedUntil) lease.until = renewed.lockedUntil;
    } catch (err) {
      this.deps.logger.warn({ err }, 'could not renew the lease of mail being sent');
    }
  }

  private async claimBatch() {
    const { db } = this.deps;
    const due = db
      .select({ id: mailOutbox.id })
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.status, 'pending'),
          lte(mailOutbox.nextAttemptAt, sql`now()`),
          or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, sql`now()`)),
        ),
      )
      .orderBy(asc(mailOutbox.nextAttemptAt))
      .limit(BATCH_SIZE)
      .for('update', { skipLocked: true });
    return db
      .update(mailOutbox)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${this.leaseSeconds})`, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(inClaimed(mailOutbox.id, due))
      .returning();
  }

  /** Sends one mail; true once it is out (the caller marks it sent), false if it is rescheduled. */
  private async deliver(row: typeof mailOutbox.$inferSelect, lease: Lease): Promise<boolean> {
    const { db, transport, logger, storeName } = this.deps;
    try {
      const rendered = renderMail(row.template, row.data, { storeName });
      await transport.send({ to: row.recipient, ...rendered });
      logger.info({ mailId: row.id, template: row.template }, 'mail delivered');
      return true;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const gaveUp = row.attempts >= MAX_ATTEMPTS;
      await lease.renewing;
      await db
        .update(mailOutbox)
        .set({
          status: gaveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: message.slice(0, 1000),
          nextAttemptAt: sql`now() + make_interval(secs => ${retryDelaySeconds(row.attempts)})`,
        })
        .where(and(eq(mailOutbox.id, row.id), eq(mailOutbox.lockedUntil, lease.until)));
      logger[gaveUp ? 'error' : 'warn'](
        { mailId: row.id, template: row.template, attempts: row.attempts, err: message },
        gaveUp ? 'mail delivery abandoned' : 'mail delivery failed; will retry',
      );
      return false;
    }
  }
}

/** The lease a claim set: one statement sets the same `locked_until` on every row it takes. */
function leaseOf(batch: (typeof mailOutbox.$inferSelect)[]): Date {
  return batch[0]?.lockedUntil as Date;
}
