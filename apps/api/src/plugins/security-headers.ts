import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import cors from '@fastify/cors';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

export interface SecurityHeadersOptions {
  corsOrigins: string[];
  /** Whether a request arrived over TLS (see httpsDetector). */
  isHttps(req: IncomingMessage): boolean;
}

export const HSTS = 'max-age=31536000; includeSubDomains';

export type TrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * Whether a request arrived over TLS: on this socket, or — when TRUST_PROXY trusts the peer —
 * at the proxy in front, as its last X-Forwarded-Proto says. The same rule as Fastify's
 * `request.protocol`, usable on the raw request (the catalog cache front has no other).
 */
export function httpsDetector(trustProxy: TrustProxy): (req: IncomingMessage) => boolean {
  const trusted =
    typeof trustProxy === 'function' ? trustProxy : typeof trustProxy === 'boolean' ? () => trustProxy : proxyAddr.compile(trustProxy);
  return (req) => {
    const forwarded = req.headers['x-forwarded-proto'];
    const peer = req.socket.remoteAddress;
    if (typeof forwarded === 'string' && peer !== undefined && trusted(peer, 0)) {
      return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim() === 'https';
    }
    return (req.socket as TLSSocket).encrypted === true;
  };
}

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
    // Nothing is stored by browsers or proxies unless a route says otherwise: answers carry
    // tokens and personal data. Public catalog reads (httpCaching) and uploads set their own.
    reply.header('cache-control', 'no-store');
    if (options.isHttps(request.raw)) reply.header('strict-transport-security', HSTS);
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
