import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Redis } from 'ioredis';
import pg from 'pg';

const CHANNEL = 'emporium_catalog';
const ECHO_TIMEOUT_MS = 250;

/**
 * Tells every API process that the catalog changed. `publish` resolves once this process
 * has seen its own message come back through the shared channel, so by the time a write is
 * acknowledged the other processes have been told too.
 */
export interface CatalogInvalidation {
  publish(): Promise<void>;
  close(): Promise<void>;
}

/** One process (the embedded database): clearing the local cache is enough. */
export function localInvalidation(clear: () => void): CatalogInvalidation {
  return {
    async publish() {
      clear();
    },
    async close() {},
  };
}

abstract class EchoingInvalidation implements CatalogInvalidation {
  private readonly waiting = new Map<string, () => void>();

  constructor(
    protected readonly clear: () => void,
    protected readonly logger: FastifyBaseLogger,
  ) {}

  protected received(message: string): void {
    this.clear();
    this.waiting.get(message)?.();
  }

  async publish(): Promise<void> {
    this.clear();
    const message = randomUUID();
    const echoed = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ECHO_TIMEOUT_MS);
      this.waiting.set(message, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    try {
      await this.send(message);
      await echoed;
    } catch (err) {
      this.logger.warn({ err }, 'could not broadcast a catalog change; other instances rely on their next notification');
    } finally {
      this.waiting.delete(message);
    }
  }

  protected abstract send(message: string): Promise<void>;
  abstract close(): Promise<void>;
}

/** PostgreSQL LISTEN/NOTIFY on a dedicated connection (reconnecting if it drops). */
export class PostgresInvalidation extends EchoingInvalidation {
  private client: pg.Client | undefined;
  private closed = false;
  // One query at a time on the listening connection.
  private sending: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    clear: () => void,
    logger: FastifyBaseLogger,
  ) {
    super(clear, logger);
  }

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (n) => this.received(n.payload ?? ''));
    client.on('error', () => {});
    client.on('end', () => {
      if (this.closed) return;
      // Changes may have been missed while disconnected: clear, then listen again.
      this.clear();
      setTimeout(() => void this.start().catch((err) => this.logger.error({ err }, 'catalog LISTEN reconnect failed')), 1000).unref();
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.client = client;
  }

  protected async send(message: string): Promise<void> {
    const client = this.client;
    if (!client) throw new Error('not listening');
    const sent = this.sending.then(() => client.query('select pg_notify($1, $2)', [CHANNEL, message]));
    this.sending = sent.catch(() => {});
    await sent;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => {});
  }
}

/** Redis pub/sub (a second connection is needed for subscribing). */
export class RedisInvalidation extends EchoingInvalidation {
  private subscriber: Redis | undefined;

  constructor(
    private readonly redis: Redis,
    clear: () => void,
    logger: FastifyBaseLogger,
  ) {
    super(clear, logger);
  }

  async start(): Promise<void> {
    const subscriber = this.redis.duplicate();
    subscriber.on('error', () => {});
    subscriber.on('message', (_channel: string, message: string) => this.received(message));
    // After a reconnect, changes may have been missed.
    subscriber.on('ready', () => this.clear());
    this.subscriber = subscriber;
    // Redis may be down at start: ioredis subscribes again once it connects.
    await subscriber.subscribe(CHANNEL).catch((err) => this.logger.warn({ err }, 'catalog invalidation: Redis not reachable yet'));
  }

  protected async send(message: string): Promise<void> {
    await this.redis.publish(CHANNEL, message);
  }

  async close(): Promise<void> {
    this.subscriber?.disconnect();
  }
}
