import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { CatalogCache } from '../../src/modules/catalog-cache/catalog-cache.js';
import { PostgresInvalidation } from '../../src/modules/catalog-cache/invalidation.js';
import { recordEvent } from '../../src/modules/events/domain-events.js';
import { EventRelay, type EventSink } from '../../src/modules/events/event-relay.js';
import { Metrics } from '../../src/modules/metrics/metrics.js';
import { sampleValue } from '../helpers/prometheus-text.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

const logger = pino({ level: 'silent' });

class RefusingSink implements EventSink {
  readonly name = 'refusing';
  async publish(): Promise<void> {
    throw new Error('broker unavailable');
  }
}

describe('metrics read at scrape time and fed by the workers', () => {
  let testDb: TestDatabase;
  let cache: CatalogCache;
  let metrics: Metrics;
  before(async () => {
    testDb = await createTestDatabase();
    cache = new CatalogCache(true, () => true, 1000);
    metrics = new Metrics({ database: testDb.database, cache, relaysEvents: true, logger });
  });
  after(() => testDb.drop());

  it('when the sink refuses a batch, then the relay failures count it and the event outbox shows the waiting events', async () => {
    const { db } = testDb.database;
    const subjectId = randomUUID();
    for (let i = 0; i < 3; i++) {
      await db.transaction((tx) =>
        recordEvent(tx, { type: 'order.status_changed', actorId: null, subjectType: 'order', subjectId, payload: { step: i } }),
      );
    }
    await db.execute(sql`update domain_events set occurred_at = now() - interval '2 minutes' where subject_id = ${subjectId}`);
    const relay = new EventRelay({
      db,
      sink: new RefusingSink(),
      logger,
      pollIntervalMs: 60_000,
      maxAttempts: 10,
      onDeliveryFailed: metrics.onRelayFailed,
    });
    assert.equal(await relay.deliverDue(), 0);
    const text = await metrics.exposition();
    assert.equal(sampleValue(text, 'emporium_event_relay_failures_total'), 1);
    assert.equal(sampleValue(text, 'emporium_event_relay_failed_events_total'), 3);
    assert.equal(sampleValue(text, 'emporium_event_outbox_backlog'), 3);
    const age = sampleValue(text, 'emporium_event_outbox_oldest_age_seconds') ?? 0;
    assert.ok(age >= 120 && age < 600, String(age));
  });

  it('when mail waits in the outbox, then its backlog and the age of the oldest are reported', async () => {
    await testDb.database.db.execute(sql`
      insert into mail_outbox (template, recipient, data, created_at, next_attempt_at)
      values ('order-confirmation', 'a@example.com', '{}', now() - interval '90 seconds', now() + interval '1 hour'),
             ('order-confirmation', 'b@example.com', '{}', now(), now() + interval '1 hour')`);
    const text = await metrics.exposition();
    assert.equal(sampleValue(text, 'emporium_mail_outbox_backlog'), 2);
    const age = sampleValue(text, 'emporium_mail_outbox_oldest_age_seconds') ?? 0;
    assert.ok(age >= 90 && age < 600, String(age));
  });

  it('when entries are pushed out to stay under the size limit, then evictions are counted; a clear is not', async () => {
    const variant = { body: Buffer.alloc(300), headers: [] };
    const entry = { etag: undefined, variants: { identity: variant, br: variant, gzip: variant } };
    for (let i = 0; i < 5; i++) cache.set(`/api/v1/products?page=${i}`, entry, cache.generation);
    cache.clear();
    const text = await metrics.exposition();
    assert.equal(sampleValue(text, 'emporium_catalog_cache_evictions_total'), 3);
    assert.equal(sampleValue(text, 'emporium_catalog_cache_entries'), 0);
  });

  it('when a catalog change is broadcast over PostgreSQL, then its round trip is observed', {
    skip: process.env.DATABASE_URL ? false : 'the embedded database has no channel to broadcast on',
  }, async () => {
    const invalidation = new PostgresInvalidation(testDb.url as string, () => {}, logger, metrics.onInvalidationRoundTrip);
    await invalidation.start();
    try {
      await invalidation.publish('catalog');
    } finally {
      await invalidation.close();
    }
    const text = await metrics.exposition();
    assert.equal(sampleValue(text, 'emporium_cache_invalidation_round_trip_seconds_count', { outcome: 'confirmed' }), 1);
  });
});
