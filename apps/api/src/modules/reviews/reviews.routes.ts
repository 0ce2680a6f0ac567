import {
  AdminReviewListQuerySchema,
  AdminReviewListSchema,
  CreateReviewSchema,
  NoContentSchema,
  ProductIdParamsSchema,
  ReviewIdParamsSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ReviewResponseSchema,
  UpdateReviewSchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../plugins/authentication.js';
import type { CatalogCache } from '../catalog-cache/catalog-cache.js';
import { httpCaching } from '../catalog-cache/http-caching.js';
import type { ReviewsService } from './reviews.service.js';

const tags = ['reviews'];
const security = [{ bearerAuth: [] }];

export const reviewsRoutes: FastifyPluginAsyncZod<{ reviews: ReviewsService; cache?: CatalogCache }> = async (app, { reviews, cache }) => {
  await httpCaching(app, cache);

  app.get(
    '/products/:id/reviews',
    {
      schema: {
        tags,
        summary: "A product's reviews",
        params: ProductIdParamsSchema,
        querystring: ReviewListQuerySchema,
        response: { 200: ReviewListSchema },
      },
    },
    async (request) => reviews.list(request.params.id, request.query),
  );

  app.get(
    '/reviews',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'All reviews for moderation, by product, author and rating (admin)',
        querystring: AdminReviewListQuerySchema,
        response: { 200: AdminReviewListSchema },
      },
    },
    async (request) => reviews.listAll(request.query),
  );

  app.post(
    '/products/:id/reviews',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Review a product (one review per customer)',
        params: ProductIdParamsSchema,
        body: CreateReviewSchema,
        response: { 201: ReviewResponseSchema },
      },
    },
    async (request, reply) => reply.code(201).send({ review: await reviews.create(principalOf(request), request.params.id, request.body) }),
  );

  app.patch(
    '/reviews/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Edit a review (its author or an admin)',
        params: ReviewIdParamsSchema,
        body: UpdateReviewSchema,
        response: { 200: ReviewResponseSchema },
      },
    },
    async (request) => ({ review: await reviews.update(principalOf(request), request.params.id, request.body) }),
  );

  app.delete(
    '/reviews/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Delete a review (its author or an admin)',
        params: ReviewIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await reviews.delete(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
