import {
  CategoryIdOrSlugParamsSchema,
  CategoryIdParamsSchema,
  CategoryListQuerySchema,
  CategoryListSchema,
  CategoryResponseSchema,
  CreateCategorySchema,
  NoContentSchema,
  UpdateCategorySchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CatalogCache } from '../catalog-cache/catalog-cache.js';
import { httpCaching } from '../catalog-cache/http-caching.js';
import type { CategoriesService } from './categories.service.js';

const tags = ['catalog'];
const security = [{ bearerAuth: [] }];

export const categoriesRoutes: FastifyPluginAsyncZod<{ categories: CategoriesService; cache?: CatalogCache }> = async (
  app,
  { categories, cache },
) => {
  await httpCaching(app, cache);

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Categories, a page at a time, as a flat list or as trees under top-level categories',
        querystring: CategoryListQuerySchema,
        response: { 200: CategoryListSchema },
      },
    },
    async (request) => categories.list(request.query),
  );

  app.get(
    '/:idOrSlug',
    {
      schema: {
        tags,
        summary: 'One category by id or slug',
        params: CategoryIdOrSlugParamsSchema,
        response: { 200: CategoryResponseSchema },
      },
    },
    async (request) => ({ category: await categories.get(request.params.idOrSlug) }),
  );

  app.post(
    '/',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Create a category (admin)',
        body: CreateCategorySchema,
        response: { 201: CategoryResponseSchema },
      },
    },
    async (request, reply) => reply.code(201).send({ category: await categories.create(request.body) }),
  );

  app.patch(
    '/:idOrSlug',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Rename, move or edit a category (admin)',
        params: CategoryIdParamsSchema,
        body: UpdateCategorySchema,
        response: { 200: CategoryResponseSchema },
      },
    },
    async (request) => ({ category: await categories.update(request.params.idOrSlug, request.body) }),
  );

  app.delete(
    '/:idOrSlug',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Delete an empty category (409 if it has products or sub-categories) (admin)',
        params: CategoryIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await categories.delete(request.params.idOrSlug);
      return reply.code(204).send(null);
    },
  );
};
