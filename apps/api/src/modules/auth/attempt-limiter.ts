import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../errors.js';
import { clientKey } from '../../lib/client-address.js';
import { sharedLimiter } from '../../lib/shared-limiter.js';

export interface AttemptKeys {
  /** The client's address (an IPv6 address counts as its /64). */
  client?: string;
  account?: string;
  /** Also count against the budget all clients share. */
  global?: boolean;
}

function limiterOf(keyPrefix: string, points: number, redis: Redis | undefined): RateLimiterAbstract {
  return sharedLimiter({ keyPrefix, points, duration: 60 }, redis);
}

/**
 * Counts attempts of one kind (login, reset-password, …) over a one-minute window: per client
 * address, per account, and in one budget shared by every client (for endpoints that hash a
 * password or send mail, so a flood from many addresses cannot take the CPU or the mail
 * server). Shared through Redis when configured (per instance while Redis is unreachable, see
 * sharedLimiter).
 */
export class AttemptLimiter {
  private readonly limiter: RateLimiterAbstract;
  private readonly globalLimiter: RateLimiterAbstract | undefined;

  constructor(
    private readonly name: string,
    perMinute: number,
    redis: Redis | undefined,
    globalPerMinute?: number,
  ) {
    this.limiter = limiterOf(`limit:${name}`, perMinute, redis);
    this.globalLimiter = globalPerMinute === undefined ? undefined : limiterOf(`limit:${name}:all`, globalPerMinute, redis);
  }

  /** Counts one attempt against every key given; throws RateLimitedError when any is exhausted. */
  async consume(keys: AttemptKeys): Promise<void> {
    const attempts: Promise<RateLimiterRes>[] = [];
    if (keys.client !== undefined) attempts.push(this.limiter.consume(`client:${clientKey(keys.client)}`));
    if (keys.account !== undefined) attempts.push(this.limiter.consume(`account:${keys.account}`));
    if (keys.global && this.globalLimiter) attempts.push(this.globalLimiter.consume('all'));
    const results = await Promise.allSettled(attempts);
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (refused.length === 0) return;
    const limits = refused.filter((r): r is RateLimiterRes => r instanceof RateLimiterRes);
    if (limits.length === 0) throw refused[0];
    const retryAfter = Math.max(...limits.map((r) => r.msBeforeNext)) / 1000;
    throw new RateLimitedError(retryAfter, { event: 'security.rate_limited', limiter: this.name, client: keys.client });
  }
}
