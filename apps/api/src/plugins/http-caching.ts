import etag from '@fastify/etag';
import type { FastifyInstance } from 'fastify';

/**
 * For public catalog reads: a weak ETag on every response (a matching If-None-Match gets
 * 304) and Cache-Control that lets browsers and CDNs keep a copy but revalidate it, so a
 * change is never served stale. Responses for signed-in callers stay private.
 * Register inside the routes' own scope (it applies to that scope only).
 */
export async function httpCaching(app: FastifyInstance): Promise<void> {
  await app.register(etag, { weak: true, algorithm: 'fnv1a' });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method === 'GET' && (reply.statusCode === 200 || reply.statusCode === 304)) {
      reply.header('cache-control', request.headers.authorization ? 'private, no-cache' : 'public, no-cache');
      reply.header('vary', 'Authorization, Origin');
    }
    return payload;
  });
}
