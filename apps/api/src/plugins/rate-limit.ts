import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.js';
import { clientKey } from '../lib/client-address.js';
import { sharedLimiter } from '../lib/shared-limiter.js';

export interface RateLimitOptions {
  /** Requests per client (an IPv6 client: per /64) per minute. */
  perMinute: number;
  /** Shares the counts between API processes; otherwise each process counts alone. */
  redis: Redis | undefined;
  /**
   * Anonymous reads the catalog cache will answer: not counted. Most never get here (the cache
   * front answers them before Fastify); for the rest a Redis round trip would cost more than
   * the answer.
   */
  isCachedRead(request: FastifyRequest): boolean;
}

const WINDOW_SECONDS = 60;

function limiterOf({ perMinute, redis }: RateLimitOptions): RateLimiterAbstract {
  // A client over its budget is turned away from memory until the window ends: a flood does
  // not become a flood of Redis commands.
  return sharedLimiter({ keyPrefix: 'limit:api', points: perMinute, duration: WINDOW_SECONDS }, redis, {
    inMemoryBlockOnConsumed: perMinute,
  });
}

/** The draft IETF RateLimit header fields (separate-field form) for one counted request. */
function setRateLimitHeaders(reply: FastifyReply, limit: number, res: RateLimiterRes): void {
  reply.header('ratelimit-limit', limit);
  reply.header('ratelimit-remaining', Math.max(0, res.remainingPoints));
  reply.header('ratelimit-reset', Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  reply.header('ratelimit-policy', `${limit};w=${WINDOW_SECONDS}`);
}

/**
 * The general per-client budget for every request under /api/ (RATE_LIMIT_PER_MINUTE).
 * Health probes, uploaded images and cached anonymous catalog reads are not counted; the
 * endpoints that hash passwords or send mail have tighter budgets of their own.
 */
async function rateLimitPlugin(app: FastifyInstance, options: RateLimitOptions) {
  const limiter = limiterOf(options);
  const limit = options.perMinute;
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') || options.isCachedRead(request)) return;
    let res: RateLimiterRes;
    try {
      res = await limiter.consume(clientKey(request.ip));
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      setRateLimitHeaders(reply, limit, err);
      throw new RateLimitedError(
        err.msBeforeNext / 1000,
        { event: 'security.rate_limited', limiter: 'api', client: request.ip },
        'requests',
      );
    }
    setRateLimitHeaders(reply, limit, res);
  });
}

export const rateLimit = fp(rateLimitPlugin, { name: 'rate-limit' });
