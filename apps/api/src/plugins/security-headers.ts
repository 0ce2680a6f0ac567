import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeadersOptions {
  corsOrigins: string[];
}

const HSTS = 'max-age=31536000; includeSubDomains';

const HELMET_OPTIONS: HelmetOptions = {
  // The API serves JSON: nothing may be loaded or framed. /docs sets its own policy.
  contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Sent only when the request arrived over TLS (see below), never on plain HTTP.
  strictTransportSecurity: false,
  crossOriginResourcePolicy: { policy: 'same-site' },
};

/**
 * Helmet's headers depend only on its options, so they are worked out once at start-up
 * instead of on every request (helmet re-parses the CSP directives each time it runs).
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {
    finished = true;
  });
  if (!finished) throw new Error('helmet did not finish synchronously');
  return headers;
}

async function securityHeadersPlugin(app: FastifyInstance, options: SecurityHeadersOptions) {
  const headers = helmetHeaders(HELMET_OPTIONS);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    done();
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
