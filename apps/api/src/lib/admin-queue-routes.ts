import { type AdminQueueQuery, AdminQueueQuerySchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import type { AppError } from '../errors.js';

/** A queue whose stuck items an admin lists and retries: parked events, failed mail. */
export interface AdminQueue<List extends z.ZodType> {
  /** `/events/parked` and `/events/:id/retry`: the list's path, and the prefix of the retry's. */
  listPath: string;
  retryPrefix: string;
  listSummary: string;
  retrySummary: string;
  listSchema: List;
  list(db: Db, page: AdminQueueQuery): Promise<z.input<List>>;
  /** False when there is no such stuck item. */
  retry(db: Db, id: string): Promise<boolean>;
  notFound(): AppError;
}

/** The admin's two routes for a queue: its stuck items, oldest first by cursor, and putting one back in line. */
export function adminQueueRoutes<List extends z.ZodType>(queue: AdminQueue<List>): FastifyPluginAsyncZod<{ db: Db; onRetry: () => void }> {
  const tags = ['admin'];
  const security = [{ bearerAuth: [] }];
  return async (app, { db, onRetry }) => {
    app.get(
      queue.listPath,
      {
        onRequest: app.requireAdmin,
        schema: {
          tags,
          security,
          summary: queue.listSummary,
          querystring: AdminQueueQuerySchema,
          // Checked against `List` where the queue is declared; here only serialized by it.
          response: { 200: queue.listSchema as z.ZodType },
        },
      },
      async (request, reply) => reply.header('cache-control', 'no-store').send(await queue.list(db, request.query)),
    );

    app.post(
      `${queue.retryPrefix}/:id/retry`,
      {
        onRequest: app.requireAdmin,
        schema: {
          tags,
          security,
          summary: queue.retrySummary,
          params: z.strictObject({ id: z.uuid() }),
          response: { 204: z.null().describe('Queued again') },
        },
      },
      async (request, reply) => {
        if (!(await queue.retry(db, request.params.id))) throw queue.notFound();
        onRetry();
        return reply.code(204).send(null);
      },
    );
  };
}
