import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import pg from 'pg';

// Named when the catalog was the only topic. PostgreSQL's channels are per database; on Redis
// the name carries REDIS_KEY_PREFIX, so shops sharing one Redis do not hear each other.
const CHANNEL = 'emporium_catalog';
/** How often an instance says it is alive; a peer silent for three of these is gone. */
const HEARTBEAT_MS = 5_000;
const PEER_TTL_MS = 3 * HEARTBEAT_MS;
/** How long a write waits for the other instances to confirm they dropped their copies. */
const ACK_TIMEOUT_MS = 1_000;
/** How long boot waits for the Redis subscription before starting with the caches off. */
const SUBSCRIBE_WAIT_MS = 2_000;

/** The in-process caches a write can make stale: catalog responses, and signed-in sessions. */
export const CACHE_TOPICS = ['catalog', 'sessions'] as const;
export type CacheTopic = (typeof CACHE_TOPICS)[number];

/** How a broadcast ended: every peer confirmed, some stayed silent, or it could not be sent. */
export type BroadcastOutcome = 'confirmed' | 'unconfirmed' | 'failed';
/** Told how long each broadcast kept its writes waiting (metrics). */
export type RoundTripObserver = (seconds: number, outcome: BroadcastOutcome) => void;

/**
 * Tells every API process that something they cache changed. `publish` resolves once every
 * other live instance has confirmed that it cleared its copies, so once a write is
 * acknowledged no instance serves what it replaced.
 */
export interface CacheInvalidation {
  publish(topic: CacheTopic): Promise<void>;
  /**
   * Whether changes made by other instances reach this one now. While it is false (the
   * channel is down or reconnecting) a cache whose staleness is a security matter — who is
   * signed in, with which role — must not be trusted.
   */
  readonly listening: boolean;
  close(): Promise<void>;
}

/** One process (the embedded database): clearing the local cache is enough. */
export function localInvalidation(clear: (topic: CacheTopic) => void): CacheInvalidation {
  return {
    async publish(topic) {
      clear(topic);
    },
    listening: true,
    async close() {},
  };
}

/**
 * Invalidation over a shared channel, with acknowledgements. Messages are
 * `hello <id>` (alive: on start, every HEARTBEAT_MS, and in reply to a newcomer's hello),
 * `change <id> <ref> <topic,…>` (a change without topics, from an older version, clears every
 * cache), `ack <id> <ref>` and `bye <id>`. A change waits for an ack from every
 * peer heard from in the last PEER_TTL_MS: hearing your own message back says nothing about
 * when another process reads it. A peer that stays silent past ACK_TIMEOUT_MS is dropped
 * (and logged) until it speaks again.
 */
abstract class AcknowledgedInvalidation implements CacheInvalidation {
  private readonly id = randomUUID();
  /** Other instances, by id: when each was last heard from. */
  private readonly peers = new Map<string, number>();
  /** Changes sent and the peers that have not confirmed them yet. */
  private readonly awaiting = new Map<string, { missing: Set<string>; done: () => void }>();
  /** The broadcast waiting for the one in flight: every change made before it is sent shares it. */
  private queued: Promise<void> | undefined;
  /** The topics the queued broadcast will carry. */
  private readonly queuedTopics = new Set<CacheTopic>();
  private inFlight: Promise<void> = Promise.resolve();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(
    protected readonly clear: (topic: CacheTopic) => void,
    protected readonly logger: FastifyBaseLogger,
    private readonly observeRoundTrip?: RoundTripObserver,
  ) {}

  abstract readonly listening: boolean;

  /** Changes may have been missed (the channel dropped): every cache starts over. */
  protected clearAll(): void {
    for (const topic of CACHE_TOPICS) this.clear(topic);
  }

  /** Call once listening: says hello now and every HEARTBEAT_MS. */
  protected announce(): void {
    void this.quietly(`hello ${this.id}`);
    this.heartbeat ??= setInterval(() => void this.quietly(`hello ${this.id}`), HEARTBEAT_MS).unref();
  }

  protected received(message: string): void {
    const [kind, from, ref, topics] = message.split(' ');
    if (!from || from === this.id) return;
    const known = this.peers.has(from);
    this.peers.set(from, Date.now());
    if (kind === 'change' && ref) {
      const named = topics?.split(',').filter((t): t is CacheTopic => (CACHE_TOPICS as readonly string[]).includes(t));
      for (const topic of named?.length ? named : CACHE_TOPICS) this.clear(topic);
      void this.quietly(`ack ${this.id} ${ref}`);
    } else if (kind === 'ack' && ref) {
      const change = this.awaiting.get(ref);
      change?.missing.delete(from);
      if (change?.missing.size === 0) change.done();
    } else if (kind === 'hello' && !known) {
      // A newcomer learns of this instance at once rather than at the next heartbeat.
      void this.quietly(`hello ${this.id}`);
    } else if (kind === 'bye') {
      this.peers.delete(from);
      for (const change of this.awaiting.values()) {
        change.missing.delete(from);
        if (change.missing.size === 0) change.done();
      }
    }
  }

  /**
   * One broadcast at a time. A change published while one is in flight joins the next, which
   * is sent after the change was made, so it covers it; under a burst of writes that is one
   * message per round trip instead of one per write.
   */
  publish(topic: CacheTopic): Promise<void> {
    this.clear(topic);
    this.queuedTopics.add(topic);
    if (!this.queued) {
      this.queued = this.inFlight.then(() => {
        this.queued = undefined;
        const topics = [...this.queuedTopics];
        this.queuedTopics.clear();
        return this.broadcast(topics);
      });
      this.inFlight = this.queued;
    }
    return this.queued;
  }

  private async broadcast(topics: CacheTopic[]): Promise<void> {
    const ref = randomUUID();
    const now = Date.now();
    for (const [peer, seen] of this.peers) if (now - seen > PEER_TTL_MS) this.peers.delete(peer);
    const missing = new Set(this.peers.keys());
    let timer: NodeJS.Timeout | undefined;
    const started = performance.now();
    let outcome: BroadcastOutcome = 'confirmed';
    const confirmed = new Promise<void>((resolve) => {
      this.awaiting.set(ref, { missing, done: resolve });
      timer = setTimeout(resolve, ACK_TIMEOUT_MS);
    });
    try {
      await this.send(`change ${this.id} ${ref} ${topics.join(',')}`);
      if (missing.size) await confirmed;
      if (missing.size) {
        outcome = 'unconfirmed';
        this.logger.warn({ silent: missing.size }, 'cache change not confirmed by every instance in time; dropping the silent ones');
        for (const peer of missing) this.peers.delete(peer);
      }
    } catch (err) {
      outcome = 'failed';
      this.logger.warn({ err }, 'could not broadcast a cache change; other instances rely on their next notification');
    } finally {
      clearTimeout(timer);
      this.awaiting.delete(ref);
      this.observeRoundTrip?.((performance.now() - started) / 1000, outcome);
    }
  }

  private async quietly(message: string): Promise<void> {
    await this.send(message).catch((err) => this.logger.debug({ err }, 'cache invalidation: message not sent'));
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await this.quietly(`bye ${this.id}`);
    await this.disconnect();
  }

  protected abstract send(message: string): Promise<void>;
  protected abstract disconnect(): Promise<void>;
}

/** PostgreSQL LISTEN/NOTIFY on a dedicated connection (reconnecting if it drops). */
export class PostgresInvalidation extends AcknowledgedInvalidation {
  private client: pg.Client | undefined;
  private closed = false;
  // One query at a time on the listening connection.
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    clear: (topic: CacheTopic) => void,
    logger: FastifyBaseLogger,
    observeRoundTrip?: RoundTripObserver,
  ) {
    super(clear, logger, observeRoundTrip);
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => this.received(n.payload ?? ''));
    client.on('error', () => {});
    client.on('end', () => {
      if (this.client === client) this.client = undefined;
      if (this.closed) return;
      // Changes may have been missed while disconnected: clear, then listen again.
      this.clearAll();
      setTimeout(() => void this.start().catch((err) => this.logger.error({ err }, 'cache LISTEN reconnect failed')), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    // Whatever was cached before this connection listened may have missed a change.
    this.clearAll();
    this.client = client;
    this.announce();
  }

  protected async send(message: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('not listening');
    const sent = this.sending.then(() => client.query('select pg_notify($1, $2)', [CHANNEL, message]));
    this.sending = sent.catch(() => {});
    await sent;
  }

  protected async disconnect(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => {});
  }
}

/** Redis pub/sub (a second connection is needed for subscribing). */
export class RedisInvalidation extends AcknowledgedInvalidation {
  private subscriber: Redis | undefined;
  // ioredis prefixes keys, not pub/sub channels.
  private readonly channel: string;

  constructor(
    private readonly redis: Redis,
    clear: (topic: CacheTopic) => void,
    logger: FastifyBaseLogger,
    observeRoundTrip?: RoundTripObserver,
  ) {
    super(clear, logger, observeRoundTrip);
    this.channel = `${redis.options.keyPrefix ?? ''}${CHANNEL}`;
  }

  get listening(): boolean {
    return this.subscriber?.status === 'ready';
  }

  async start(): Promise<void> {
    // Unlike the shared connection, the subscriber queues its SUBSCRIBE until Redis answers:
    // ioredis subscribes again after each reconnect only to channels it once subscribed to.
    const subscriber = this.redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, message: string) => this.received(message));
    // After a reconnect, changes may have been missed.
    subscriber.on('ready', () => this.clearAll());
    this.subscriber = subscriber;
    // Redis may be down at start: the SUBSCRIBE stays queued and goes out once it connects.
    // Until then `listening` is false and the caches are bypassed; boot waits only so long.
    const subscribed = subscriber.subscribe(this.channel);
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), SUBSCRIBE_WAIT_MS);
    });
    const outcome = await Promise.race([subscribed.then(() => 'done' as const), gaveUp]).catch((err: unknown) => err);
    clearTimeout(timer);
    if (outcome !== 'done') this.logger.warn({ err: outcome }, 'cache invalidation: Redis not reachable yet; caches stay off until it is');
    this.announce();
  }

  protected async send(message: string): Promise<void> {
    await this.redis.publish(this.channel, message);
  }

  protected async disconnect(): Promise<void> {
    this.subscriber?.disconnect();
  }
}
