import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

// Only names the server itself generates: no dots but the extension, no slashes at the ends.
const SAFE_PATH = /^\/uploads\/[a-z0-9]+(?:[/-][a-z0-9]+)*\.(?:jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Serves stored images: exact types, no sniffing, nothing executable, cached for a year. */
export const uploadsRoutes: FastifyPluginAsync<{ root: string }> = async (app, { root }) => {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      decoded = '';
    }
    // Anything not of the generated shape (traversal, backslashes, NUL, encoded tricks) is simply not there.
    if (!SAFE_PATH.test(path) || decoded !== path) return reply.callNotFound();
  });
  await app.register(fastifyStatic, {
    root,
    prefix: '/uploads/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    etag: true,
    lastModified: false,
    immutable: true,
    maxAge: '365d',
    setHeaders(res, filePath) {
      const ext = filePath.split('.').pop() ?? '';
      res.header('content-type', TYPES[ext] ?? 'application/octet-stream');
      res.header('x-content-type-options', 'nosniff');
      res.header('content-security-policy', "default-src 'none'");
      res.header('cross-origin-resource-policy', 'cross-origin');
    },
  });
};
