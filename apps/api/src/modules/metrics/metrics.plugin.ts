import type { Server } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type AppError, UnauthenticatedError } from '../../errors.js';
import type { Metrics } from './metrics.js';
import { bearerMatches } from './metrics-access.js';
import { listenForScrapes } from './metrics-listener.js';

export interface MetricsPluginOptions {
  metrics: Metrics;
  /** METRICS_TOKEN: serves GET /metrics on the API port to callers that send it. */
  token: string | undefined;
  /** METRICS_PORT: a listener of its own for GET /metrics. */
  port: number | undefined;
  host: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The metrics listener (METRICS_PORT), once the app is ready; undefined without one. */
    metricsListener: Server | undefined;
  }
  interface FastifyRequest {
    /** Counted in emporium_http_requests_in_flight and not yet taken off. */
    countedInFlight: boolean;
  }
}

/**
 * Request metrics (one histogram observation per answered request, in onResponse, labelled by
 * the route template, never the raw URL), refusals counted from the security events of the
 * errors, and the scrape endpoints. Cache-front hits never reach Fastify: they are counted by
 * the cache itself.
 */
async function metricsHooks(app: FastifyInstance, { metrics, token, port, host }: MetricsPluginOptions) {
  // A request the client abandons ends in onRequestAbort, and may still end in onResponse (its
  // reply failing to write): the flag takes it off once.
  app.decorateRequest('countedInFlight', false);
  const takeOff = (request: FastifyRequest) => {
    if (!request.countedInFlight) return;
    request.countedInFlight = false;
    metrics.inFlight--;
  };
  app.addHook('onRequest', (request, _reply, next) => {
    request.countedInFlight = true;
    metrics.inFlight++;
    next();
  });
  app.addHook('onRequestAbort', (request, next) => {
    takeOff(request);
    next();
  });
  app.addHook('onResponse', (request, reply, next) => {
    takeOff(request);
    metrics.requestDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status_code: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    next();
  });
  app.addHook('onError', (_request, _reply, error, done) => {
    const security = (error as Partial<AppError>).securityEvent;
    if (security?.event === 'security.login_failed') metrics.loginFailures.inc({ reason: String(security.reason) });
    else if (security?.event === 'security.rate_limited') metrics.rateLimitRefusals.inc({ limiter: String(security.limiter) });
    done();
  });

  if (token !== undefined) {
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (!bearerMatches(request.headers.authorization, token)) {
        throw new UnauthenticatedError('A bearer token (METRICS_TOKEN) is required');
      }
      const body = await metrics.exposition();
      return reply.type(metrics.registry.contentType).send(body);
    });
  }

  app.decorate('metricsListener', undefined);
  if (port !== undefined) {
    app.addHook('onReady', async () => {
      app.metricsListener = await listenForScrapes(metrics, { port, host, token });
    });
    app.addHook('onClose', async () => {
      const server = app.metricsListener;
      if (server) await new Promise((resolve) => server.close(resolve));
    });
  }
}

export const metricsPlugin = fp(metricsHooks, { name: 'metrics' });
