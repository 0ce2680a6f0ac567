import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isNull, sql } from 'drizzle-orm';
import pino from 'pino';
import { type DomainEventRow, domainEvents } from '../../src/db/schema/index.js';
import { recordEvent } from '../../src/modules/events/domain-events.js';
import { EventRelay, type EventSink } from '../../src/modules/events/event-relay.js';
import { type KafkaProducerLike, KafkaSink, topicFor } from '../../src/modules/events/kafka-sink.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = pino({ level: 'silent' });

/** Records what it receives; can be told to fail, or to be slow (to widen race windows). */
class RecordingSink implements EventSink {
  readonly name = 'recording';
  readonly received: DomainEventRow[] = [];
  failuresLeft = 0;
  delayMs = 0;
  async publish(events: DomainEventRow[]): Promise<void> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.failuresLeft > 0) {
      this.failuresLeft--;
      throw new Error('broker unavailable');
    }
    this.received.push(...events);
  }
}

describe('event relay', () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb.drop());
  beforeEach(async () => {
    await testDb.database.db.delete(domainEvents);
  });

  const relay = (sink: EventSink) => new EventRelay({ db: testDb.database.db, sink, logger, pollIntervalMs: 60_000, maxAttempts: 10 });
  async function seed(subjects: string[], perSubject: number) {
    const { db } = testDb.database;
    for (let i = 0; i < perSubject; i++) {
      for (const subjectId of subjects) {
        await db.transaction((tx) =>
          recordEvent(tx, { type: 'order.status_changed', actorId: null, subjectType: 'order', subjectId, payload: { step: i } }),
        );
      }
    }
  }

  it('when events are pending, then each is delivered once, in order per subject', async () => {
    const subjects = [randomUUID(), randomUUID(), randomUUID()];
    await seed(subjects, 5);
    const sink = new RecordingSink();
    const r = relay(sink);
    while ((await r.deliverDue()) > 0);
    assert.equal(sink.received.length, 15);
    assert.equal(new Set(sink.received.map((e) => e.id)).size, 15);
    for (const s of subjects) {
      assert.deepEqual(
        sink.received.filter((e) => e.subjectId === s).map((e) => e.payload.step),
        [0, 1, 2, 3, 4],
      );
    }
    assert.equal(await testDb.database.db.$count(domainEvents, isNull(domainEvents.publishedAt)), 0);
    assert.equal(await r.deliverDue(), 0, 'nothing twice');
  });

  it('when the sink fails, then the events wait with a backoff and are delivered on a later pass', async () => {
    await seed([randomUUID()], 3);
    const sink = new RecordingSink();
    sink.failuresLeft = 1;
    const r = relay(sink);
    assert.equal(await r.deliverDue(), 0);
    const [pending] = await testDb.database.db.select().from(domainEvents).limit(1);
    assert.match(pending?.lastError ?? '', /broker unavailable/);
    assert.ok((pending?.nextAttemptAt.getTime() ?? 0) > Date.now(), 'backed off');
    assert.equal(await r.deliverDue(), 0, 'not before its time');
    await testDb.database.db.update(domainEvents).set({ nextAttemptAt: sql`now() - interval '1 second'` });
    assert.equal(await r.deliverDue(), 3);
    assert.deepEqual(
      sink.received.map((e) => e.payload.step),
      [0, 1, 2],
    );
  });

  it('when two relays run at once, then every event is delivered exactly once and subjects stay in order', async () => {
    const subjects = Array.from({ length: 8 }, () => randomUUID());
    await seed(subjects, 40);
    const sink = new RecordingSink();
    sink.delayMs = 5;
    const [a, b] = [relay(sink), relay(sink)];
    const drain = async (r: EventRelay) => {
      for (let idle = 0; idle < 3; ) idle = (await r.deliverDue()) > 0 ? 0 : idle + 1;
    };
    await Promise.all([drain(a), drain(b)]);
    await drain(a);
    assert.equal(sink.received.length, 320);
    assert.equal(new Set(sink.received.map((e) => e.id)).size, 320);
    for (const s of subjects) {
      const steps = sink.received.filter((e) => e.subjectId === s).map((e) => e.payload.step as number);
      assert.deepEqual(
        steps,
        [...steps].sort((x, y) => x - y),
        `subject ${s} out of order`,
      );
    }
  });

  it('when the Kafka sink publishes, then one topic per subject type, keyed by subject id, with type headers', async () => {
    await seed([randomUUID()], 2);
    const { db } = testDb.database;
    await db.transaction((tx) =>
      recordEvent(tx, {
        type: 'product.updated',
        actorId: null,
        subjectType: 'product',
        subjectId: randomUUID(),
        payload: { changes: { priceCents: 5 } },
      }),
    );
    const sent: Parameters<KafkaProducerLike['sendBatch']>[0][] = [];
    let connects = 0;
    const producer: KafkaProducerLike = {
      connect: async () => {
        connects++;
      },
      disconnect: async () => {},
      sendBatch: async (batch) => {
        sent.push(batch);
        return [];
      },
    };
    const r = relay(new KafkaSink(producer));
    assert.equal(await r.deliverDue(), 3);
    assert.equal(connects, 1);
    const topics = Object.fromEntries((sent[0]?.topicMessages ?? []).map((t) => [t.topic, t.messages]));
    assert.deepEqual(Object.keys(topics).sort(), ['emporium.orders', 'emporium.products']);
    const message = topics['emporium.orders']?.[0];
    const value = JSON.parse(String(message?.value));
    assert.equal(message?.key, value.subject.id);
    assert.equal(value.type, 'order.status_changed');
    // The message's contract (docs/features.md, Events): exactly these fields, whatever the audit log's view grows.
    assert.deepEqual(Object.keys(value), ['id', 'type', 'version', 'occurredAt', 'actorId', 'subject', 'payload']);
    const headers = (message?.headers ?? {}) as Record<string, string>;
    assert.equal(headers['event-type'], 'order.status_changed');
    assert.equal(sent[0]?.acks, -1);
    assert.equal(topicFor('order'), 'emporium.orders');
  });

  it('when Kafka refuses, then the relay keeps the events for a retry', async () => {
    await seed([randomUUID()], 1);
    const producer: KafkaProducerLike = {
      connect: async () => {
        throw new Error('Connection error: ECONNREFUSED');
      },
      disconnect: async () => {},
      sendBatch: async () => [],
    };
    assert.equal(await relay(new KafkaSink(producer)).deliverDue(), 0);
    assert.equal(await testDb.database.db.$count(domainEvents, isNull(domainEvents.publishedAt)), 1);
  });
});
