import type { Redis } from 'ioredis';

/**
 * One shared connection; commands fail fast while Redis is down instead of queueing forever.
 * ioredis is loaded only when Redis is configured.
 */
export async function connectRedis(url: string, keyPrefix: string): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, {
    keyPrefix,
    lazyConnect: false,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    connectTimeout: 5000,
  });
  // Connection errors surface through failing commands and /health/ready; don't crash on them.
  redis.on('error', () => {});
  return redis;
}
