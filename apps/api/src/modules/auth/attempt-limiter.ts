import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../errors.js';
import { sharedLimiter } from '../../lib/shared-limiter.js';

/**
 * Counts attempts of one kind (login, forgot-password, …) per client address and per
 * account over a one-minute window. Shared through Redis when configured (per instance while
 * Redis is unreachable, see sharedLimiter).
 */
export class AttemptLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly name: string,
    perMinute: number,
    redis: Redis | undefined,
  ) {
    const options = { keyPrefix: `limit:${name}`, points: perMinute, duration: 60 };
    this.limiter = sharedLimiter(options, redis);
  }

  /** Counts one attempt against every key; throws RateLimitedError when any is exhausted. */
  async consume(keys: { client: string; account?: string }): Promise<void> {
    const targets = [`client:${keys.client}`];
    if (keys.account) targets.push(`account:${keys.account}`);
    const results = await Promise.allSettled(targets.map((key) => this.limiter.consume(key)));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (refused.length === 0) return;
    const limits = refused.filter((r): r is RateLimiterRes => r instanceof RateLimiterRes);
    if (limits.length === 0) throw refused[0];
    const retryAfter = Math.max(...limits.map((r) => r.msBeforeNext)) / 1000;
    throw new RateLimitedError(retryAfter, { event: 'security.rate_limited', limiter: this.name, client: keys.client });
  }
}
