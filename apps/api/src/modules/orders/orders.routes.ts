import {
  ChangeOrderStatusSchema,
  CheckoutSchema,
  CsvResponseSchema,
  OrderFilterSchema,
  OrderIdParamsSchema,
  OrderListQuerySchema,
  OrderListSchema,
  OrderResponseSchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/authentication.js';
import type { OrdersService } from './orders.service.js';

const tags = ['orders'];
const security = [{ bearerAuth: [] }];

export const ordersRoutes: FastifyPluginAsyncZod<{ orders: OrdersService }> = async (app, { orders }) => {
  app.post(
    '/',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Check out your cart. Send an Idempotency-Key header to make retries safe.',
        headers: z.object({ 'idempotency-key': z.string().optional() }),
        body: CheckoutSchema,
        response: { 201: OrderResponseSchema },
      },
    },
    async (request, reply) => {
      const order = await orders.place(principalOf(request), request.body, request.headers['idempotency-key']);
      return reply.code(201).send({ order });
    },
  );

  app.get(
    '/',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Your orders (admins: all, with filters and a total)',
        querystring: OrderListQuerySchema,
        response: { 200: OrderListSchema },
      },
    },
    async (request) => orders.list(principalOf(request), request.query),
  );

  app.get(
    '/export',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Download matching orders as CSV, one line per item (admin)',
        querystring: OrderFilterSchema,
        response: { 200: CsvResponseSchema },
      },
    },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="orders-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header('cache-control', 'no-store')
        .send(orders.exportCsv(request.query)),
  );

  app.get(
    '/:id',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'One order with its status history',
        params: OrderIdParamsSchema,
        response: { 200: OrderResponseSchema },
      },
    },
    async (request) => ({ order: await orders.get(principalOf(request), request.params.id) }),
  );

  app.post(
    '/:id/cancel',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        security,
        summary: 'Cancel: the owner while pending or paid, an admin until it ships; stock goes back once',
        params: OrderIdParamsSchema,
        response: { 200: OrderResponseSchema },
      },
    },
    async (request) => ({ order: await orders.cancel(principalOf(request), request.params.id) }),
  );

  for (const [method, url] of [
    ['PATCH', '/:id/status'],
    ['PUT', '/:id'],
  ] as const) {
    app.route({
      method,
      url,
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Move an order along its status machine (admin); illegal moves are 409',
        params: OrderIdParamsSchema,
        body: ChangeOrderStatusSchema,
        response: { 200: OrderResponseSchema },
      },
      handler: async (request) => ({ order: await orders.changeStatus(principalOf(request), request.params.id, request.body.status) }),
    });
  }
};
