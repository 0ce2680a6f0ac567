import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/client.js';
import { mailOutbox } from '../../db/schema/index.js';
import { renderMail } from './mail.templates.js';
import type { MailTransport } from './mail.transport.js';

const BATCH_SIZE = 20;
const MAX_ATTEMPTS = 10;
const LEASE_SECONDS = 120;

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
}

/**
 * Delivers the mail outbox. Rows are claimed with a short lease (FOR UPDATE SKIP LOCKED),
 * so several API processes share the work without sending a mail twice, and no
 * transaction stays open while talking to the SMTP server.
 */
export class MailWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;

  constructor(private readonly deps: MailWorkerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Deliver now instead of at the next poll (called after a transaction queued mail). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.deps.transport.close();
  }

  /** Runs one delivery pass; returns how many mails were attempted. */
  async deliverDue(): Promise<number> {
    const batch = await this.claimBatch();
    for (const row of batch) await this.deliver(row);
    return batch.length;
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = (async () => {
      try {
        let attempted: number;
        do {
          this.rerun = false;
          attempted = await this.deliverDue();
        } while (!this.stopped && (attempted === BATCH_SIZE || this.rerun));
      } catch (err) {
        this.deps.logger.error({ err }, 'mail worker pass failed');
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.stopped) this.schedule(this.deps.pollIntervalMs);
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
      .set({ lockedUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`, attempts: sql`${mailOutbox.attempts} + 1` })
      .where(inArray(mailOutbox.id, due))
      .returning();
  }

  private async deliver(row: typeof mailOutbox.$inferSelect): Promise<void> {
    const { db, transport, logger, storeName } = this.deps;
    try {
      const rendered = renderMail(row.template, row.data, { storeName });
      await transport.send({ to: row.recipient, ...rendered });
      // The data held single-use links; it is not needed once the mail is out.
      await db
        .update(mailOutbox)
        .set({ status: 'sent', sentAt: sql`now()`, lockedUntil: null, lastError: null, data: {} })
        .where(eq(mailOutbox.id, row.id));
      logger.info({ mailId: row.id, template: row.template }, 'mail delivered');
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const gaveUp = row.attempts >= MAX_ATTEMPTS;
      await db
        .update(mailOutbox)
        .set({
          status: gaveUp ? 'failed' : 'pending',
          lockedUntil: null,
          lastError: message.slice(0, 1000),
          nextAttemptAt: sql`now() + make_interval(secs => ${retryDelaySeconds(row.attempts)})`,
        })
        .where(eq(mailOutbox.id, row.id));
      logger[gaveUp ? 'error' : 'warn'](
        { mailId: row.id, template: row.template, attempts: row.attempts, err: message },
        gaveUp ? 'mail delivery abandoned' : 'mail delivery failed; will retry',
      );
    }
  }
}
