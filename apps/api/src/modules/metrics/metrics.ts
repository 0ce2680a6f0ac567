import type { FastifyBaseLogger } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../../db/client.js';
import type { CatalogCache } from '../catalog-cache/catalog-cache.js';
import type { BroadcastOutcome } from '../catalog-cache/invalidation.js';
import { outboxBacklog } from '../events/outbox-status.js';
import { mailBacklog } from '../mail/mail.outbox.js';
import type { CheckoutOutcome } from '../orders/orders.service.js';

/** Rows waiting in an outbox, and the age in seconds of the oldest (0 when none waits). */
interface Backlog {
  count: number;
  oldestAgeSeconds: number;
}

export interface MetricsSources {
  database: Database;
  cache: CatalogCache;
  /** Without a relay (KAFKA_BROKERS) nothing drains the event outbox: its backlog reads 0. */
  relaysEvents: boolean;
  logger: FastifyBaseLogger;
}

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The API's Prometheus metrics, in a registry of their own (each app built in a process
 * counts alone). Hot paths only increment numbers or observe one histogram; pool occupancy,
 * cache counts and outbox backlogs are read when Prometheus scrapes. Every metric is listed
 * in docs/operations.md ("Metrics").
 */
export class Metrics {
  readonly registry = new Registry();
  /** Requests Fastify has started and not yet answered. */
  inFlight = 0;
  readonly requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly queryDuration: Histogram;
  readonly invalidationRoundTrip: Histogram<'outcome'>;
  readonly loginFailures: Counter<'reason'>;
  readonly rateLimitRefusals: Counter<'limiter'>;
  readonly ordersPlaced: Counter;
  readonly checkoutConflicts: Counter<'reason'>;
  readonly relayFailures: Counter;
  readonly relayFailedEvents: Counter;
  /** The backlog query of the scrape in progress, shared by the gauges that read it. */
  private backlogs: Promise<{ mail: Backlog; events: Backlog } | undefined> | undefined;

  constructor(private readonly sources: MetricsSources) {
    const registers = [this.registry];
    const metrics = this;
    collectDefaultMetrics({ register: this.registry, prefix: 'emporium_' });

    this.requestDuration = new Histogram({
      name: 'emporium_http_request_duration_seconds',
      help: 'Time to answer a request Fastify routed, by route template and status (cache-front hits are counted in emporium_catalog_cache_hits_total)',
      labelNames: ['method', 'route', 'status_code'],
      buckets: SECONDS,
      registers,
    });
    new Gauge({
      name: 'emporium_http_requests_in_flight',
      help: 'Requests Fastify is handling now',
      registers,
      collect() {
        this.set(metrics.inFlight);
      },
    });

    const { database, cache } = sources;
    const pool = (name: string, help: string, read: (s: ReturnType<Database['poolStats']>) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read(database.poolStats()));
        },
      });
    pool('emporium_db_pool_connections', 'Database connections open (the embedded database: 1)', (s) => s.total);
    pool('emporium_db_pool_idle_connections', 'Database connections open and not in use', (s) => s.idle);
    pool('emporium_db_pool_waiting_queries', 'Queries waiting for a database connection', (s) => s.waiting);
    this.queryDuration = new Histogram({
      name: 'emporium_db_query_duration_seconds',
      help: 'Time from sending a query to its result, including any wait for the connection',
      buckets: SECONDS,
      registers,
    });
    database.timeQueries((seconds) => this.queryDuration.observe(seconds));

    const cacheCount = (name: string, help: string, read: () => number) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    cacheCount('emporium_catalog_cache_hits_total', 'Catalog reads answered from the response cache', () => cache.stats.hits);
    cacheCount('emporium_catalog_cache_misses_total', 'Catalog reads the cache could not answer', () => cache.stats.misses);
    cacheCount(
      'emporium_catalog_cache_evictions_total',
      'Cached responses dropped to stay under the size limit',
      () => cache.stats.evictions,
    );
    new Gauge({
      name: 'emporium_catalog_cache_entries',
      help: 'Responses in the catalog cache',
      registers,
      collect() {
        this.set(cache.size);
      },
    });
    this.invalidationRoundTrip = new Histogram({
      name: 'emporium_cache_invalidation_round_trip_seconds',
      help: 'How long a write waits for every instance to confirm it cleared its caches',
      labelNames: ['outcome'],
      buckets: SECONDS,
      registers,
    });

    const backlog = (name: string, help: string, read: (b: { mail: Backlog; events: Backlog }) => number) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const found = await metrics.readBacklogs();
          if (found) this.set(read(found));
        },
      });
    backlog('emporium_mail_outbox_backlog', 'Mails waiting to be sent', (b) => b.mail.count);
    backlog('emporium_mail_outbox_oldest_age_seconds', 'Age of the oldest mail waiting to be sent', (b) => b.mail.oldestAgeSeconds);
    backlog('emporium_event_outbox_backlog', 'Domain events waiting to be relayed', (b) => b.events.count);
    backlog(
      'emporium_event_outbox_oldest_age_seconds',
      'Age of the oldest domain event waiting to be relayed',
      (b) => b.events.oldestAgeSeconds,
    );
    this.relayFailures = new Counter({
      name: 'emporium_event_relay_failures_total',
      help: 'Batches of domain events the sink refused (retried later)',
      registers,
    });
    this.relayFailedEvents = new Counter({
      name: 'emporium_event_relay_failed_events_total',
      help: 'Domain events in the batches the sink refused',
      registers,
    });

    this.loginFailures = new Counter({
      name: 'emporium_login_failures_total',
      help: 'Sign-ins refused for wrong credentials, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'emporium_rate_limit_refusals_total',
      help: 'Requests refused with 429, by limiter',
      labelNames: ['limiter'],
      registers,
    });
    this.ordersPlaced = new Counter({ name: 'emporium_orders_placed_total', help: 'Orders placed', registers });
    this.checkoutConflicts = new Counter({
      name: 'emporium_checkout_conflicts_total',
      help: 'Checkouts that ended in a conflict (out of stock, Idempotency-Key replay, in progress or reused)',
      labelNames: ['reason'],
      registers,
    });
  }

  readonly onCheckout = (outcome: CheckoutOutcome): void => {
    if (outcome === 'placed') this.ordersPlaced.inc();
    else this.checkoutConflicts.inc({ reason: outcome });
  };

  readonly onRelayFailed = (events: number): void => {
    this.relayFailures.inc();
    this.relayFailedEvents.inc(events);
  };

  readonly onInvalidationRoundTrip = (seconds: number, outcome: BroadcastOutcome): void => {
    this.invalidationRoundTrip.observe({ outcome }, seconds);
  };

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** One query per outbox per scrape, however many gauges read it; undefined when the database does not answer. */
  private readBacklogs(): Promise<{ mail: Backlog; events: Backlog } | undefined> {
    this.backlogs ??= (async () => {
      const { database, relaysEvents, logger } = this.sources;
      try {
        const [mail, events] = await Promise.all([mailBacklog(database.db), relaysEvents ? outboxBacklog(database.db) : undefined]);
        // Events waiting for the relay, as readiness reports them (parked ones are not waiting).
        return { mail, events: { count: events?.pending ?? 0, oldestAgeSeconds: events?.oldestPendingAgeSeconds ?? 0 } };
      } catch (err) {
        logger.warn({ err }, 'metrics: outbox backlog not read');
        return undefined;
      } finally {
        // A scrape calls every gauge's collect before any query can finish: all four got this one.
        this.backlogs = undefined;
      }
    })();
    return this.backlogs;
  }
}
