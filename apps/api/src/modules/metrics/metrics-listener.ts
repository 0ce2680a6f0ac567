import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { ErrorCode } from '@emporium/contracts';
import type { Metrics } from './metrics.js';
import { bearerMatches } from './metrics-access.js';

export interface MetricsListenerOptions {
  port: number;
  host: string;
  /** When set, a scrape must send it as a bearer token here too. */
  token: string | undefined;
}

/** An error in the API's error body (docs/api.md), though this listener is not Fastify. */
function answer(req: IncomingMessage, res: ServerResponse, status: number, error: string, detail: string): void {
  const requestId = randomUUID();
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
  res.end(JSON.stringify({ error, detail, status, path: req.url?.split('?')[0] ?? '', timestamp: new Date().toISOString(), requestId }));
}

/**
 * GET /metrics on a listener of its own (METRICS_PORT on METRICS_HOST, 127.0.0.1 unless set):
 * Prometheus reaches it over a private network while the API port faces the public.
 */
export async function listenForScrapes(metrics: Metrics, { port, host, token }: MetricsListenerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      return answer(req, res, 404, ErrorCode.RouteNotFound, 'Only GET /metrics is served here');
    }
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('www-authenticate', 'Bearer');
      return answer(req, res, 401, ErrorCode.Unauthenticated, 'A bearer token (METRICS_TOKEN) is required');
    }
    metrics.exposition().then(
      (body) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : body);
      },
      () => answer(req, res, 500, ErrorCode.InternalError, 'The metrics could not be collected'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
