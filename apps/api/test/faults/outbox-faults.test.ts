import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { eq, isNotNull, isNull, sql } from 'drizzle-orm';
import pino from 'pino';
import { type DomainEventRow, domainEvents } from '../../src/db/schema/index.js';
import { recordEvent } from '../../src/modules/events/domain-events.js';
import { EventRelay, type EventSink } from '../../src/modules/events/event-relay.js';
import { listParkedEvents, outboxBacklog, retryParkedEvent } from '../../src/modules/events/outbox-status.js';
import { makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, errorOf, startTestApp } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = pino({ level: 'silent' });

/**
 * A sink of our EventSink interface that behaves like a broker: it can be unreachable (its
 * check fails as well as every publish), or reachable but refusing batches that hold a given
 * event (a message it rejects, e.g. too large).
 */
class BrokerLikeSink implements EventSink {
  readonly name = 'broker-like';
  readonly received: DomainEventRow[] = [];
  reachable = true;
  readonly rejects = new Set<string>();
  async publish(events: DomainEventRow[]): Promise<void> {
    if (!this.reachable) throw new Error('Connection error: ECONNREFUSED');
    const bad = events.find((e) => this.rejects.has(e.id));
    if (bad) throw new Error(`message ${bad.id} rejected: MESSAGE_TOO_LARGE`);
    this.received.push(...events);
  }
  async check(): Promise<void> {
    if (!this.reachable) throw new Error('Connection error: ECONNREFUSED');
  }
}

describe('event relay under faults', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb.drop());
  beforeEach(async () => {
    await testDb.database.db.delete(domainEvents);
  });

  const MAX_ATTEMPTS = 3;
  const relay = (sink: EventSink) =>
    new EventRelay({ db: testDb.database.db, sink, logger, pollIntervalMs: 60_000, maxAttempts: MAX_ATTEMPTS });
  const due = () => testDb.database.db.update(domainEvents).set({ nextAttemptAt: sql`now() - interval '1 second'` });
  async function seed(subjectId: string, steps: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < steps; i++) {
      await testDb.database.db.transaction((tx) =>
        recordEvent(tx, { type: 'order.status_changed', actorId: null, subjectType: 'order', subjectId, payload: { step: i } }),
      );
    }
    const rows = await testDb.database.db.select().from(domainEvents).where(eq(domainEvents.subjectId, subjectId));
    for (const r of rows.sort((a, b) => a.sequence - b.sequence)) ids.push(r.id);
    return ids;
  }

  it('when the sink is unreachable for many passes, then events wait unparked, the backlog says how many and how old, and all go once it is back', async () => {
    const subject = randomUUID();
    await seed(subject, 3);
    const sink = new BrokerLikeSink();
    sink.reachable = false;
    const r = relay(sink);
    for (let pass = 0; pass < MAX_ATTEMPTS * 3; pass++) {
      await due();
      assert.equal(await r.deliverDue(), 0);
    }
    const db = testDb.database.db;
    assert.equal(await db.$count(domainEvents, isNotNull(domainEvents.parkedAt)), 0, 'an outage parks nothing');
    await db.update(domainEvents).set({ occurredAt: sql`now() - interval '90 seconds'` });
    const backlog = await outboxBacklog(db);
    assert.equal(backlog.pending, 3);
    assert.equal(backlog.parked, 0);
    assert.ok((backlog.oldestPendingAgeSeconds ?? 0) >= 89, JSON.stringify(backlog));

    sink.reachable = true;
    await due();
    assert.equal(await r.deliverDue(), 3);
    assert.deepEqual(
      sink.received.map((e) => e.payload.step),
      [0, 1, 2],
    );
    assert.deepEqual(await outboxBacklog(db), { pending: 0, oldestPendingAgeSeconds: null, parked: 0 });
  });

  it('when the reachable sink keeps refusing one event, then after the set attempts it is parked and reported, and the rest of its subject flows', async () => {
    const broken = randomUUID();
    const healthy = randomUUID();
    const brokenIds = await seed(broken, 3);
    await seed(healthy, 2);
    const sink = new BrokerLikeSink();
    sink.rejects.add(brokenIds[0] as string);
    const r = relay(sink);
    for (let pass = 0; pass < MAX_ATTEMPTS + 2; pass++) {
      await due();
      await r.deliverDue();
    }
    const db = testDb.database.db;
    const parked = (await listParkedEvents(db, { limit: 100 })).items;
    assert.deepEqual(
      parked.map((e) => e.id),
      [brokenIds[0]],
    );
    assert.equal(parked[0]?.attempts, MAX_ATTEMPTS);
    assert.match(parked[0]?.lastError ?? '', /MESSAGE_TOO_LARGE/);
    assert.deepEqual(
      sink.received.filter((e) => e.subjectId === broken).map((e) => e.payload.step),
      [1, 2],
      'the subject moved on without the parked event',
    );
    assert.equal(sink.received.filter((e) => e.subjectId === healthy).length, 2);
    assert.deepEqual(await outboxBacklog(db), { pending: 0, oldestPendingAgeSeconds: null, parked: 1 });

    // An admin fixed the cause and puts it back.
    sink.rejects.clear();
    assert.equal(await retryParkedEvent(db, brokenIds[0] as string), true);
    assert.equal(await r.deliverDue(), 1);
    assert.equal(await db.$count(domainEvents, isNull(domainEvents.publishedAt)), 0);
    assert.equal(await retryParkedEvent(db, brokenIds[0] as string), false);
  });
});

describe('readiness and parked events through the API with Kafka unreachable', () => {
  it('when Kafka is down, then /health/ready stays 200 (degraded) and reports the outbox; admins list and retry parked events', {
    timeout: 60_000,
  }, async () => {
    const ctx = await startTestApp({ KAFKA_BROKERS: '127.0.0.1:1' });
    try {
      const admin = await createUserAndSignIn(ctx, { role: 'admin' });
      const product = await makeProduct(ctx, admin);
      const ready = await ctx.app.inject({ method: 'GET', url: '/health/ready' });
      assert.equal(ready.statusCode, 200, ready.body);
      const body = ready.json();
      assert.equal(body.status, 'degraded');
      assert.equal(body.checks.kafka, 'down');
      assert.equal(body.checks.database, 'up');
      assert.ok(body.outbox.pending >= 1, ready.body);
      assert.equal(typeof body.outbox.oldestPendingAgeSeconds, 'number');
      assert.equal(body.outbox.parked, 0);

      const [event] = await ctx.db.select().from(domainEvents).where(eq(domainEvents.subjectId, product.id));
      assert.ok(event);
      await ctx.db.update(domainEvents).set({ parkedAt: sql`now()`, lastError: 'refused' }).where(eq(domainEvents.id, event.id));
      const customer = await createUserAndSignIn(ctx);
      const denied = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/events/parked', headers: customer.auth });
      assert.equal(denied.statusCode, 403);
      const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/events/parked', headers: admin.auth });
      assert.equal(list.statusCode, 200, list.body);
      // (The app's own relay may have tried it meanwhile and recorded its own error.)
      assert.deepEqual(
        list.json().items.map((e: { id: string }) => e.id),
        [event.id],
      );
      assert.equal(typeof list.json().items[0].lastError, 'string');
      assert.equal((await ctx.app.inject({ method: 'GET', url: '/health/ready' })).json().outbox.parked, 1);
      const retry = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/events/${event.id}/retry`, headers: admin.auth });
      assert.equal(retry.statusCode, 204, retry.body);
      const again = await ctx.app.inject({ method: 'POST', url: `/api/v1/admin/events/${event.id}/retry`, headers: admin.auth });
      assert.equal(again.statusCode, 404);
      errorOf(again);
    } finally {
      await ctx.close();
    }
  });
});
