import etag, { fnv1a } from '@fastify/etag';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CatalogCache } from '../modules/catalog-cache/catalog-cache.js';

const pending = new WeakMap<FastifyRequest, { key: string; generation: number }>();

/**
 * For public catalog reads, registered inside the routes' own scope:
 * - a weak ETag on every response (a matching If-None-Match gets 304), and Cache-Control
 *   that lets browsers and CDNs keep a copy but revalidate it; signed-in responses stay private;
 * - with a CatalogCache, anonymous GETs are answered from memory, keyed by route, path
 *   parameters and the validated (so normalized) query.
 */
export async function httpCaching(app: FastifyInstance, cache?: CatalogCache): Promise<void> {
  await app.register(etag, { weak: true, hashFn: fnv1a });

  if (cache?.enabled) {
    app.addHook('preHandler', async (request, reply) => {
      if (request.method !== 'GET' || request.headers.authorization !== undefined) return;
      const key = `${request.routeOptions.url}|${JSON.stringify(request.params)}|${JSON.stringify(request.query)}`;
      const hit = cache.get(key);
      if (hit !== undefined) {
        if (hit.etag) reply.header('etag', hit.etag);
        return reply.type('application/json; charset=utf-8').send(hit.body);
      }
      pending.set(request, { key, generation: cache.generation });
    });
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && (reply.statusCode === 200 || reply.statusCode === 304)) {
      reply.header('cache-control', request.headers.authorization ? 'private, no-cache' : 'public, no-cache');
      reply.header('vary', 'Authorization, Origin');
    }
    const entry = pending.get(request);
    if (entry && cache && reply.statusCode === 200 && typeof payload === 'string' && payload.length > 0) {
      const etag = reply.getHeader('etag');
      cache.set(entry.key, { body: payload, etag: typeof etag === 'string' ? etag : undefined }, entry.generation);
    }
    return payload;
  });
}
