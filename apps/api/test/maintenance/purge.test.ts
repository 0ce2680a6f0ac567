import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { domainEvents, idempotencyKeys, mailOutbox, refreshTokens, sessions, users, userTokens } from '../../src/db/schema/index.js';
import { MaintenanceJob } from '../../src/modules/maintenance/maintenance.job.js';
import { uniqueEmail } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const RETENTION_DAYS = 30;
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000);
const quiet = { info() {}, warn() {}, error() {}, child: () => quiet } as never;

describe('the maintenance purge', () => {
  let testDb: TestDatabase;
  let job: MaintenanceJob;
  before(async () => {
    testDb = await createTestDatabase();
    job = new MaintenanceJob({ db: testDb.database.db, logger: quiet, retentionDays: RETENTION_DAYS, sessionMaxDays: 14 });
  });
  after(() => testDb.drop());

  const token = () => randomBytes(16).toString('hex');

  it('when rows are past their expiry or retention, then they go and recent ones stay', async () => {
    const { db } = testDb.database;
    const [user] = await db
      .insert(users)
      .values({ email: uniqueEmail('purge'), fullName: 'P', passwordHash: 'x' })
      .returning();
    assert.ok(user);
    const session = async (expiresAt: Date) => {
      const [row] = await db.insert(sessions).values({ userId: user.id, ipAddress: '198.51.100.1', expiresAt }).returning();
      assert.ok(row);
      return row.id;
    };
    const expiredSession = await session(daysAgo(1));
    const liveSession = await session(daysAhead(10));
    await db.insert(refreshTokens).values([
      { sessionId: expiredSession, tokenHash: token() },
      { sessionId: liveSession, tokenHash: 'rotated-long-ago', rotatedAt: daysAgo(20) },
      { sessionId: liveSession, tokenHash: 'rotated-recently', rotatedAt: daysAgo(2) },
      { sessionId: liveSession, tokenHash: 'current' },
    ]);
    await db.insert(userTokens).values([
      { userId: user.id, purpose: 'verify_email', tokenHash: 'expired', expiresAt: daysAgo(1) },
      { userId: user.id, purpose: 'reset_password', tokenHash: 'used', expiresAt: daysAhead(1), usedAt: new Date() },
      { userId: user.id, purpose: 'reset_password', tokenHash: 'live', expiresAt: daysAhead(1) },
    ]);
    await db.insert(idempotencyKeys).values([
      { userId: user.id, key: 'old-key-1', requestHash: 'h', createdAt: daysAgo(2), expiresAt: daysAgo(1) },
      { userId: user.id, key: 'new-key-1', requestHash: 'h', expiresAt: daysAhead(1) },
    ]);
    const mail = (recipient: string, status: 'sent' | 'failed' | 'pending', createdAt: Date, sentAt: Date | null) =>
      ({ template: 'password-changed', recipient, data: {}, status, createdAt, sentAt }) as const;
    await db
      .insert(mailOutbox)
      .values([
        mail('old-sent@example.com', 'sent', daysAgo(40), daysAgo(40)),
        mail('old-failed@example.com', 'failed', daysAgo(40), null),
        mail('old-pending@example.com', 'pending', daysAgo(40), null),
        mail('new-sent@example.com', 'sent', daysAgo(3), daysAgo(3)),
      ]);
    const event = (type: 'product.created', publishedAt: Date | null, occurredAt: Date) =>
      ({ type, actorId: null, subjectType: 'product', subjectId: user.id, payload: {}, publishedAt, occurredAt }) as const;
    await db
      .insert(domainEvents)
      .values([
        event('product.created', daysAgo(40), daysAgo(40)),
        event('product.created', daysAgo(1), daysAgo(1)),
        event('product.created', null, daysAgo(400)),
      ]);

    const report = await job.runOnce();
    assert.deepEqual(report, { sessions: 1, refreshTokens: 1, mailedTokens: 2, idempotencyKeys: 1, mail: 1, relayedEvents: 1 });

    assert.deepEqual(
      (await db.select({ id: sessions.id }).from(sessions)).map((s) => s.id),
      [liveSession],
    );
    assert.deepEqual((await db.select({ h: refreshTokens.tokenHash }).from(refreshTokens)).map((r) => r.h).sort(), [
      'current',
      'rotated-recently',
    ]);
    assert.deepEqual(
      (await db.select({ h: userTokens.tokenHash }).from(userTokens)).map((r) => r.h),
      ['live'],
    );
    assert.deepEqual(
      (await db.select({ k: idempotencyKeys.key }).from(idempotencyKeys)).map((r) => r.k),
      ['new-key-1'],
    );
    assert.deepEqual((await db.select({ r: mailOutbox.recipient }).from(mailOutbox)).map((r) => r.r).sort(), [
      'new-sent@example.com',
      'old-failed@example.com',
      'old-pending@example.com',
    ]);
    const events = await db.select().from(domainEvents).where(eq(domainEvents.subjectId, user.id));
    assert.equal(events.length, 2, 'the recently relayed and the never relayed (the audit log) stay');
    assert.deepEqual(await job.runOnce(), {
      sessions: 0,
      refreshTokens: 0,
      mailedTokens: 0,
      idempotencyKeys: 0,
      mail: 0,
      relayedEvents: 0,
    });
  });

  it('when two runs overlap in one process, then only one runs', async () => {
    const results = await Promise.all([job.runOnce(), job.runOnce()]);
    assert.equal(results.filter((r) => r === undefined).length, 1);
    assert.equal(results.filter((r) => r !== undefined).length, 1);
  });

  it('when another instance holds the purge lock, then this one skips at once, and runs once it is free (PostgreSQL)', {
    skip: process.env.DATABASE_URL ? false : 'the embedded database has one session: the in-process check covers it',
  }, async () => {
    const other = new pg.Client({ connectionString: testDb.url });
    await other.connect();
    try {
      await other.query('select pg_advisory_lock(4242002)');
      const second = new MaintenanceJob({ db: testDb.database.db, logger: quiet, retentionDays: RETENTION_DAYS, sessionMaxDays: 14 });
      const started = Date.now();
      assert.equal(await second.runOnce(), undefined);
      assert.ok(Date.now() - started < 5000, 'it did not wait for the lock');
      await other.query('select pg_advisory_unlock(4242002)');
      assert.ok(await second.runOnce());
    } finally {
      await other.end();
    }
  });

  it('when the API starts, then it runs the purge (and then hourly)', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      SEED_DEMO: 'false',
      ...(testDb.url ? { DATABASE_URL: testDb.url } : {}),
    });
    const app = await buildApp({ config, database: testDb.database, logStream });
    await app.ready();
    try {
      const deadline = Date.now() + 10_000;
      while (!lines.some((l) => l.includes('"component":"maintenance"')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 25));
      assert.ok(
        lines.some((l) => l.includes('maintenance: expired rows purged')),
        lines.join(''),
      );
    } finally {
      await app.close();
    }
  });
});
