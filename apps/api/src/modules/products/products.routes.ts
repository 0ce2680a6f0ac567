import {
  CreateProductSchema,
  ProductIdParamsSchema,
  ProductListQuerySchema,
  ProductListSchema,
  ProductResponseSchema,
  ProductSchema,
  ProductSlugParamsSchema,
  UpdateProductSchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isAdmin, principalOf } from '../../plugins/authentication.js';
import { sendJson } from '../../plugins/response-serializer.js';
import type { CatalogCache } from '../catalog-cache/catalog-cache.js';
import { httpCaching } from '../catalog-cache/http-caching.js';
import { deactivatedProductBody, productBody } from './product-view.js';
import type { ProductsService } from './products.service.js';

const tags = ['catalog'];
const security = [{ bearerAuth: [] }];

export const productsRoutes: FastifyPluginAsyncZod<{ products: ProductsService; cache?: CatalogCache }> = async (
  app,
  { products, cache },
) => {
  await httpCaching(app, cache);

  app.get(
    '/',
    {
      onRequest: app.identify,
      schema: {
        tags,
        summary: 'Browse and search active products (admins also see inactive ones)',
        querystring: ProductListQuerySchema,
        response: { 200: ProductListSchema },
      },
    },
    async (request, reply) => sendJson(reply, await products.list(request.query, { isAdmin: isAdmin(request) })),
  );

  app.get(
    '/slug/:slug',
    {
      onRequest: app.identify,
      schema: { tags, summary: 'One product by slug', params: ProductSlugParamsSchema, response: { 200: ProductResponseSchema } },
    },
    async (request, reply) => sendJson(reply, productBody(await products.getBySlug(request.params.slug, { isAdmin: isAdmin(request) }))),
  );

  app.get(
    '/:id',
    {
      onRequest: app.identify,
      schema: { tags, summary: 'One product by id', params: ProductIdParamsSchema, response: { 200: ProductResponseSchema } },
    },
    async (request, reply) => sendJson(reply, productBody(await products.getById(request.params.id, { isAdmin: isAdmin(request) }))),
  );

  app.post(
    '/',
    {
      onRequest: app.requireAdmin,
      schema: { tags, security, summary: 'Create a product (admin)', body: CreateProductSchema, response: { 201: ProductResponseSchema } },
    },
    async (request, reply) => sendJson(reply, productBody(await products.create(principalOf(request).userId, request.body)), 201),
  );

  for (const method of ['PATCH', 'PUT'] as const) {
    app.route({
      method,
      url: '/:id',
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Update a product (admin)',
        params: ProductIdParamsSchema,
        body: UpdateProductSchema,
        response: { 200: ProductResponseSchema },
      },
      handler: async (request, reply) =>
        sendJson(reply, productBody(await products.update(principalOf(request).userId, request.params.id, request.body))),
    });
  }

  app.delete(
    '/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Delete a product: 204 when removed; 200 with the product when it has been ordered and was deactivated instead (admin)',
        params: ProductIdParamsSchema,
        response: { 200: z.object({ outcome: z.literal('deactivated'), product: ProductSchema }), 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      const result = await products.delete(principalOf(request).userId, request.params.id);
      if (result.outcome === 'deleted') return reply.code(204).send(null);
      return sendJson(reply, deactivatedProductBody(result.product));
    },
  );
};
