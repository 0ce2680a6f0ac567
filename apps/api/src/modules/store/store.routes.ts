import { type Store, StoreSchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { httpCaching } from '../catalog-cache/http-caching.js';

/** Public store settings the web app needs. */
export const storeRoutes: FastifyPluginAsyncZod<{ store: Store }> = async (app, { store }) => {
  await httpCaching(app);
  app.get('/', { schema: { tags: ['store'], summary: 'Public store settings', response: { 200: StoreSchema } } }, async () => store);
};
