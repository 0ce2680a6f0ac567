import fastifyCompress from '@fastify/compress';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import {
  BROTLI_OPTIONS,
  COMPRESSIBLE_TYPES,
  COMPRESSION_THRESHOLD,
  ENCODINGS,
  GZIP_OPTIONS,
  SYNC_COMPRESSION_LIMIT,
} from '../lib/content-encoding.js';

/** Where the API answers with access and refresh tokens. */
const TOKEN_ROUTES = '/api/v1/auth/';

/** Adds `accept-encoding` to Vary (lower case, as @fastify/compress looks for it), once. */
export function varyOnAcceptEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  if (vary === undefined) reply.header('vary', 'accept-encoding');
  else if (!/accept-encoding/i.test(String(vary))) reply.header('vary', `${String(vary)}, accept-encoding`);
}

/**
 * Response compression for every route registered after it: br or gzip by the request's
 * Accept-Encoding (q-values respected; identity when neither is acceptable), for JSON and text
 * bodies of COMPRESSION_THRESHOLD bytes or more, and for streams (the CSV exports) as they flow.
 * @fastify/compress hooks each route's own onSend, which runs after the scope's: the ETag is
 * computed on the identity bytes first, and the catalog cache stores them (see httpCaching).
 * Request bodies are not decompressed: the body limit stays a limit on what arrives.
 */
async function compressionPlugin(app: FastifyInstance): Promise<void> {
  // Answers that carry tokens are never compressed: a compressed secret next to text an
  // attacker chose leaks through the length of the answer (BREACH). Added before the plugin's
  // own onRoute hook, so it reads the option.
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(TOKEN_ROUTES)) route.compress = false;
  });
  await app.register(fastifyCompress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESSION_THRESHOLD,
    syncThreshold: SYNC_COMPRESSION_LIMIT,
    encodings: [...ENCODINGS],
    brotliOptions: BROTLI_OPTIONS,
    zlibOptions: GZIP_OPTIONS,
    customTypes: COMPRESSIBLE_TYPES,
  });
  // Whether a body is compressed depends on Accept-Encoding even when this one was not (too
  // small, or the client declined): a shared cache must not hand it to a client that asked otherwise.
  app.addHook('onSend', (_request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (payload != null && reply.statusCode !== 204 && reply.statusCode !== 304 && COMPRESSIBLE_TYPES.test(String(type ?? ''))) {
      varyOnAcceptEncoding(reply);
    }
    done(null, payload);
  });
}

export const compression = fp(compressionPlugin, { name: 'compression' });
