import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface SecurityHeadersOptions {
  corsOrigins: string[];
}

const HSTS = 'max-age=31536000; includeSubDomains';

async function securityHeadersPlugin(app: FastifyInstance, options: SecurityHeadersOptions) {
  await app.register(helmet, {
    // The API serves JSON: nothing may be loaded or framed. /docs sets its own policy.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // Sent only when the request arrived over TLS (see below), never on plain HTTP.
    strictTransportSecurity: false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });

  const allowed = new Set(options.corsOrigins);
  await app.register(cors, {
    // Unknown origins get no CORS headers at all: their origin is never echoed.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-request-id', 'if-none-match'],
    exposedHeaders: ['x-request-id', 'retry-after', 'etag', 'content-disposition'],
    maxAge: 600,
  });
}

export const securityHeaders = fp(securityHeadersPlugin, { name: 'security-headers' });
