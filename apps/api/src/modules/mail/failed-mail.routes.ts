import { AdminQueueQuerySchema, ErrorCode, FailedMailListSchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { NotFoundError } from '../../errors.js';
import { listFailedMail, retryFailedMail } from './failed-mail.js';

const tags = ['admin'];
const security = [{ bearerAuth: [] }];

/** Mail that failed for good, and sending one again. */
export const failedMailRoutes: FastifyPluginAsyncZod<{ db: Db; onRetry: () => void }> = async (app, { db, onRetry }) => {
  app.get(
    '/mail/failed',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Mail the worker gave up on, with the last error, oldest first, by cursor (admin)',
        querystring: AdminQueueQuerySchema,
        response: { 200: FailedMailListSchema },
      },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await listFailedMail(db, request.query)),
  );

  app.post(
    '/mail/:id/retry',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Queue a failed mail again with fresh attempts (admin)',
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null().describe('Queued again') },
      },
    },
    async (request, reply) => {
      if (!(await retryFailedMail(db, request.params.id))) throw new NotFoundError(ErrorCode.MailNotFound, 'No such failed mail');
      onRetry();
      return reply.code(204).send(null);
    },
  );
};
