import etag from '@fastify/etag';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import xxhash from 'xxhash-wasm';
import { type CacheHit, type CatalogCache, variantOf } from './catalog-cache.js';

const pending = new WeakMap<FastifyRequest, { key: string; generation: number }>();

/** Headers that belong to one request or connection, never replayed from the cache. */
const PER_REQUEST = new Set([
  'x-request-id',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
  'ratelimit-policy',
  'strict-transport-security',
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'content-encoding',
]);

/** The reply's headers, flat, as the cache front replays them (each variant adds its length and encoding). */
function replayableHeaders(reply: FastifyReply): string[] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value === undefined || PER_REQUEST.has(name) || name.startsWith('access-control-')) continue;
    flat.push(name, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return flat;
}

/**
 * A stored variant's body, its encoding set on the reply: the route's compression
 * (compression.ts) then leaves it as it is, so a stored answer is never compressed again.
 */
function sendVariant(reply: FastifyReply, hit: CacheHit): Buffer {
  if (hit.encoding !== 'identity') reply.header('content-encoding', hit.encoding);
  return hit.variant.body;
}

/**
 * The ETag's hash. A weak validator only has to change when the body does, so it is a 64-bit
 * xxHash (WebAssembly), not a cryptographic digest: ~3 µs over a 26 KB catalog page against
 * ~18 µs for node:crypto's SHA-1, and pages read from PostgreSQL cost the API less CPU with it
 * (docs/performance-history.md, round 15); cached pages keep the ETag they were stored with. Its
 * WebAssembly is compiled once, when the first scope registers this plugin.
 */
let hasher: ReturnType<typeof xxhash> | undefined;

/**
 * For public catalog reads, registered inside the routes' own scope:
 * - a weak ETag on every response (a matching If-None-Match gets 304), and Cache-Control
 *   that lets browsers and CDNs keep a copy but revalidate it; signed-in responses stay private;
 * - with a CatalogCache, anonymous GETs are answered from memory before anything else runs
 *   (no authentication, validation or handler), keyed by the request's path and query. Only
 *   200 responses are stored, so a key is always a URL that passed validation. Most hits never
 *   reach this hook: the CacheFront answers them from the stored bytes and headers.
 */
export async function httpCaching(app: FastifyInstance, cache?: CatalogCache): Promise<void> {
  hasher ??= xxhash();
  const { h64ToString, h64Raw } = await hasher;
  const bodyHash = (payload: string | Buffer) =>
    typeof payload === 'string' ? h64ToString(payload) : h64Raw(payload).toString(16).padStart(16, '0');
  await app.register(etag, { weak: true, hashFn: bodyHash });

  if (cache?.enabled) {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.method !== 'GET' || request.headers.authorization !== undefined) return done();
      const key = request.url;
      const hit = cache.hit(key, request.headers['accept-encoding']);
      if (hit === undefined) {
        cache.stats.misses++;
        pending.set(request, { key, generation: cache.generation });
        return done();
      }
      // The ETag plugin's onSend turns a matching If-None-Match into a 304.
      if (hit.etag) reply.header('etag', hit.etag);
      reply.type('application/json; charset=utf-8').send(sendVariant(reply, hit));
    });
  }

  app.addHook('onSend', (request, reply, payload, done) => {
    // An admin's view (inactive products, costs) keeps the no-store every answer starts with.
    if (request.method === 'GET' && (reply.statusCode === 200 || reply.statusCode === 304) && request.principal?.role !== 'admin') {
      reply.header('cache-control', request.headers.authorization ? 'private, no-cache' : 'public, no-cache');
      reply.header('vary', 'Authorization, Origin, accept-encoding');
    }
    // A hit's stored encoding, when the ETag plugin has turned the answer into a 304.
    if (reply.statusCode === 304) reply.removeHeader('content-encoding');
    const pendingEntry = pending.get(request);
    if (pendingEntry && cache && reply.statusCode === 200 && typeof payload === 'string' && payload.length > 0) {
      const etag = reply.getHeader('etag');
      const entry = cache.entryFor({
        body: Buffer.from(payload),
        etag: typeof etag === 'string' ? etag : undefined,
        headers: replayableHeaders(reply),
      });
      cache.set(pendingEntry.key, entry, pendingEntry.generation);
      // This response goes out in the bytes just stored rather than being compressed a second time.
      return done(null, sendVariant(reply, variantOf(entry, request.headers['accept-encoding'])));
    }
    done(null, payload);
  });
}
