import type { Redis } from 'ioredis';
import {
  type IRateLimiterOptions,
  type IRateLimiterStoreOptions,
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
} from 'rate-limiter-flexible';

/**
 * A rate limiter shared by every instance through Redis when configured, else in this process.
 * While Redis cannot answer (down, or slower than the command budget), each instance counts in
 * memory instead (`insuranceLimiter`): limits then hold per instance rather than in total, which
 * keeps them enforced without making requests wait on Redis or fail.
 */
export function sharedLimiter(
  options: IRateLimiterOptions,
  redis: Redis | undefined,
  redisOptions: Partial<IRateLimiterStoreOptions> = {},
): RateLimiterAbstract {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({
    ...options,
    ...redisOptions,
    storeClient: redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}
