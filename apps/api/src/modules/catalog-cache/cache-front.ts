import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance, FastifyServerFactory } from 'fastify';
import type { CatalogCache } from './catalog-cache.js';

export interface CacheFrontOptions {
  cache: CatalogCache;
  /** The same id Fastify would give the request (an incoming X-Request-Id or a new one). */
  requestId(req: IncomingMessage): string;
  /** Headers that depend on how the request arrived (HSTS over TLS), added to a replayed hit. */
  perRequestHeaders(req: IncomingMessage): string[];
}

/** What Fastify passes its server factory: the options it would build its own server from. */
interface ServerFactoryOptions {
  http?: ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
  maxRequestsPerSocket: number;
}

/**
 * Answers catalog cache hits from the node:http request event, before Fastify builds a
 * request, routes it and runs its hooks: a hit replays the bytes and headers the full
 * pipeline produced when the entry was stored (see httpCaching), in the encoding the request's
 * Accept-Encoding prefers (stored with the entry), with this request's id.
 * Everything else — misses, signed-in callers, cross-origin requests (their CORS headers
 * depend on the Origin), conditional requests, anything but GET, and every request once
 * the server is closing — goes to Fastify, which still answers hits from the same cache.
 */
export class CacheFront {
  /** Set when the app logs at info or below, as Fastify logs every request it answers. */
  private log: FastifyBaseLogger | undefined;
  private closing = false;

  constructor(private readonly options: CacheFrontOptions) {}

  /** For Fastify's `serverFactory` option: the server Fastify would create, with the front in it. */
  readonly serverFactory: FastifyServerFactory = (handler, rawOptions) => {
    const options = rawOptions as unknown as ServerFactoryOptions;
    const server: Server = createServer(options.http ?? {}, (req, res) => {
      if (!this.answer(req, res)) handler(req, res);
    });
    server.keepAliveTimeout = options.keepAliveTimeout;
    server.requestTimeout = options.requestTimeout;
    server.setTimeout(options.connectionTimeout);
    if (options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  /** Logs hits on the app's logger, and leaves closing to Fastify (it answers 503 then). */
  attach(app: FastifyInstance): void {
    if (['trace', 'debug', 'info'].includes(app.log.level)) this.log = app.log;
    app.addHook('preClose', (done) => {
      this.closing = true;
      done();
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse): boolean {
    const { headers } = req;
    if (
      this.closing ||
      req.method !== 'GET' ||
      headers.authorization !== undefined ||
      headers.origin !== undefined ||
      headers['if-none-match'] !== undefined ||
      req.url === undefined
    ) {
      return false;
    }
    const hit = this.options.cache.hit(req.url, headers['accept-encoding']);
    if (hit === undefined) return false;
    const { variant } = hit;
    const id = this.options.requestId(req);
    res.writeHead(200, variant.headers.concat('x-request-id', id, ...this.options.perRequestHeaders(req)));
    res.end(variant.body);
    if (this.log) {
      this.log.info(
        { reqId: id, req: { method: req.method, url: req.url }, res: { statusCode: 200 }, catalogCache: 'hit' },
        'request completed',
      );
    }
    return true;
  }
}
