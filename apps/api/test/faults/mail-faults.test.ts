import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { mailOutbox } from '../../src/db/schema/index.js';
import { enqueueMail } from '../../src/modules/mail/mail.outbox.js';
import { type MailTransport, SMTP_TIMEOUTS, smtpTransport } from '../../src/modules/mail/mail.transport.js';
import { LEASE_SECONDS, MailWorker } from '../../src/modules/mail/mail.worker.js';
import { MailSink } from '../helpers/mail-sink.js';
import { createUserAndSignIn, errorOf, startTestApp, type TestContext } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = pino({ level: 'silent' });

describe('mail leases', () => {
  let testDb: TestDatabase;
  let sink: MailSink;
  let smtpUrl: string;
  before(async () => {
    testDb = await createTestDatabase();
    sink = new MailSink();
    smtpUrl = await sink.start();
  });
  after(async () => {
    await sink.stop();
    await testDb.drop();
  });

  it('the claim lease outlasts the longest SMTP exchange the transport allows', () => {
    const longestSendMs = SMTP_TIMEOUTS.connectionTimeout + SMTP_TIMEOUTS.greetingTimeout + 2 * SMTP_TIMEOUTS.socketTimeout;
    assert.ok(LEASE_SECONDS * 1000 > longestSendMs, `lease ${LEASE_SECONDS} s vs a send of up to ${longestSendMs} ms`);
  });

  it('when a send takes longer than the lease, then the worker renews it and no other worker sends the mail again', async () => {
    const { db } = testDb.database;
    await db.transaction((tx) =>
      enqueueMail(tx, 'reset-password', 'slow@example.com', { fullName: 'S', link: 'http://shop.test/r?token=y' }),
    );
    const smtp = smtpTransport(smtpUrl, 'Shop <shop@example.com>');
    // Three leases long: the mails queued behind others on the pooled connections can take this.
    const slowSmtp: MailTransport = {
      description: 'slow SMTP',
      send: async (mail) => {
        await sleep(3000);
        await smtp.send(mail);
      },
      close() {},
    };
    const slow = new MailWorker({ db, transport: slowSmtp, logger, storeName: 'Shop', pollIntervalMs: 60_000, leaseSeconds: 1 });
    const other = new MailWorker({ db, transport: smtp, logger, storeName: 'Shop', pollIntervalMs: 60_000, leaseSeconds: 1 });
    const slowPass = slow.deliverDue();
    let takenByOther = 0;
    for (let i = 0; i < 12; i++) {
      await sleep(250);
      takenByOther += await other.deliverDue();
    }
    assert.equal(await slowPass, 1);
    assert.equal(takenByOther, 0, 'the other worker never took the mail being sent');
    await sink.waitFor('slow@example.com', /reset/i);
    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'slow@example.com'));
    assert.equal(row?.status, 'sent');
    assert.equal(sink.count('slow@example.com', /reset/i), 1);
    smtp.close();
  });

  it('when a send outlives its lease and another worker delivers the mail, then the late outcome does not undo that', async () => {
    const { db } = testDb.database;
    await db.transaction((tx) =>
      enqueueMail(tx, 'reset-password', 'late@example.com', { fullName: 'L', link: 'http://shop.test/r?token=x' }),
    );
    let failLateSend: (err: Error) => void = () => {};
    const stalled: MailTransport = {
      description: 'stalled SMTP',
      send: () =>
        new Promise<void>((_resolve, reject) => {
          failLateSend = reject;
        }),
      close() {},
    };
    const slow = new MailWorker({ db, transport: stalled, logger, storeName: 'Shop', pollIntervalMs: 60_000 });
    const slowPass = slow.deliverDue();
    await sleep(200);
    // The lease runs out while the first send still hangs; a second worker takes the mail.
    await db.update(mailOutbox).set({ lockedUntil: sql`now() - interval '1 second'` }).where(eq(mailOutbox.recipient, 'late@example.com'));
    const fast = new MailWorker({
      db,
      transport: smtpTransport(smtpUrl, 'Shop <shop@example.com>'),
      logger,
      storeName: 'Shop',
      pollIntervalMs: 60_000,
    });
    assert.equal(await fast.deliverDue(), 1);
    await sink.waitFor('late@example.com', /reset/i);
    failLateSend(new Error('socket timeout'));
    await slowPass;

    const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.recipient, 'late@example.com'));
    assert.equal(row?.status, 'sent', 'the late failure did not put a delivered mail back in the queue');
    await db.update(mailOutbox).set({ nextAttemptAt: sql`now() - interval '1 second'` });
    assert.equal(await fast.deliverDue(), 0);
    assert.equal(sink.count('late@example.com', /reset/i), 1);
    await fast.stop();
  });
});

describe('mail that fails for good', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestApp();
  });
  after(() => ctx?.close());

  async function statusOf(recipient: string) {
    return (await ctx.db.select().from(mailOutbox).where(eq(mailOutbox.recipient, recipient)))[0];
  }

  it('when a mail uses up its attempts, then it is kept as failed with the last error, listed for admins, and can be sent again', {
    timeout: 60_000,
  }, async () => {
    const admin = await createUserAndSignIn(ctx, { role: 'admin' });
    const customer = await createUserAndSignIn(ctx);
    await ctx.db.transaction((tx) =>
      enqueueMail(tx, 'reset-password', 'doomed@example.com', { fullName: 'D', link: 'http://shop.test/r?token=y' }),
    );
    // Nine attempts already made: the next refusal is the last.
    await ctx.db.update(mailOutbox).set({ attempts: 9 }).where(eq(mailOutbox.recipient, 'doomed@example.com'));
    ctx.mail.refuseWith = '550 mailbox unavailable';
    let row = await statusOf('doomed@example.com');
    for (let i = 0; i < 100 && row?.status !== 'failed'; i++) {
      await sleep(100);
      row = await statusOf('doomed@example.com');
    }
    assert.equal(row?.status, 'failed');
    assert.match(row?.lastError ?? '', /550|mailbox unavailable/);

    const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/mail/failed', headers: customer.auth });
    assert.equal(denied.statusCode, 403);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/mail/failed', headers: admin.auth });
    assert.equal(list.statusCode, 200, list.body);
    const [failed] = list.json().items;
    assert.equal(failed.id, row?.id);
    assert.equal(failed.recipient, 'doomed@example.com');
    assert.equal(failed.attempts, 10);
    assert.match(failed.lastError, /550|mailbox unavailable/);

    ctx.mail.refuseWith = undefined;
    const retry = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/mail/${failed.id}/retry`, headers: admin.auth });
    assert.equal(retry.statusCode, 204, retry.body);
    await ctx.mail.waitFor('doomed@example.com', /reset/i);
    for (let i = 0; i < 50 && row?.status !== 'sent'; i++) {
      await sleep(100);
      row = await statusOf('doomed@example.com');
    }
    assert.equal(row?.status, 'sent');
    const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/mail/${failed.id}/retry`, headers: admin.auth });
    assert.equal(again.statusCode, 404);
    assert.equal(errorOf(again).error, 'MAIL_NOT_FOUND');
  });
});
