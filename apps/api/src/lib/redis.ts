import type { Redis } from 'ioredis';

export interface RedisOptions {
  url: string;
  keyPrefix: string;
  /** The longest one command may take before the caller falls back (see docs/security.md, outages). */
  commandTimeoutMs: number;
}

/** How long boot waits for a first connection; past it the API starts without Redis and keeps trying. */
const STARTUP_WAIT_MS = 2000;

/**
 * One shared connection that never makes a request wait on Redis longer than the command
 * budget: while Redis is unreachable a command fails at once (no offline queue), a hung Redis
 * fails it after `commandTimeoutMs`, and every caller has a fallback (see the limiters, the token
 * denylist and the cache invalidation). ioredis is loaded only when Redis is configured.
 */
export async function connectRedis(options: RedisOptions): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(options.url, {
    keyPrefix: options.keyPrefix,
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: STARTUP_WAIT_MS,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Connection errors surface through failing commands and /health/ready; don't crash on them.
  redis.on('error', () => {});
  await firstReady(redis);
  return redis;
}

/** Resolves once connected, or after STARTUP_WAIT_MS: without an offline queue, commands sent before would fail. */
function firstReady(redis: Redis): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, STARTUP_WAIT_MS);
    redis.once('ready', done);
  });
}
