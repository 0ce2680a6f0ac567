import { AddCartItemSchema, CartProductParamsSchema, CartSchema, NoContentSchema, UpdateCartItemSchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../plugins/authentication.js';
import { sendJson } from '../../plugins/response-serializer.js';
import { type CartService, MAX_CART_LINES } from './cart.service.js';

const tags = ['cart'];
const security = [{ bearerAuth: [] }];

export const cartRoutes: FastifyPluginAsyncZod<{ cart: CartService }> = async (app, { cart }) => {
  app.addHook('onRequest', app.authenticate);

  app.get(
    '/',
    {
      schema: {
        tags,
        security,
        summary: 'Your cart at current prices, with lines that went short or sold out flagged',
        response: { 200: CartSchema },
      },
    },
    async (request, reply) => sendJson(reply, await cart.get(principalOf(request).userId)),
  );

  app.post(
    '/items',
    {
      schema: {
        tags,
        security,
        summary: `Add a product (adds to an existing line; a cart holds at most ${MAX_CART_LINES} different products)`,
        body: AddCartItemSchema,
        response: { 200: CartSchema },
      },
    },
    async (request, reply) => sendJson(reply, await cart.add(principalOf(request).userId, request.body)),
  );

  app.patch(
    '/items/:productId',
    {
      schema: {
        tags,
        security,
        summary: 'Set the quantity of a line',
        params: CartProductParamsSchema,
        body: UpdateCartItemSchema,
        response: { 200: CartSchema },
      },
    },
    async (request, reply) =>
      sendJson(reply, await cart.setQuantity(principalOf(request).userId, request.params.productId, request.body.quantity)),
  );

  app.delete(
    '/items/:productId',
    { schema: { tags, security, summary: 'Remove a line', params: CartProductParamsSchema, response: { 200: CartSchema } } },
    async (request, reply) => sendJson(reply, await cart.remove(principalOf(request).userId, request.params.productId)),
  );

  app.delete('/', { schema: { tags, security, summary: 'Empty the cart', response: { 204: NoContentSchema } } }, async (request, reply) => {
    await cart.clear(principalOf(request).userId);
    return reply.code(204).send(null);
  });
};
