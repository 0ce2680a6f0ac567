import { AdminQueueQuerySchema, ErrorCode, ParkedEventListSchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { listParkedEvents, retryParkedEvent } from './outbox-status.js';

const tags = ['admin'];
const security = [{ bearerAuth: [] }];

/** Events the Kafka relay gave up on, and putting one back in line. */
export const parkedEventsRoutes: FastifyPluginAsyncZod<{ db: Db; onRetry: () => void }> = async (app, { db, onRetry }) => {
  app.get(
    '/events/parked',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Events the relay parked after repeated refusals, oldest first, by cursor (admin)',
        querystring: AdminQueueQuerySchema,
        response: { 200: ParkedEventListSchema },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await listParkedEvents(db, request.query)),
  );

  app.post(
    '/events/:id/retry',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Put a parked event back in line with fresh attempts (admin)',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null().describe('Queued again') },
      },
    },
    async (request, reply) => {
      if (!(await retryParkedEvent(db, request.params.id))) throw new NotFoundError(ErrorCode.NotFound, 'No such parked event');
      onRetry();
      return reply.code(204).send(null);
    },
  );
};
