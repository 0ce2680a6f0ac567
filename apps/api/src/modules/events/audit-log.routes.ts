import { AuditLogQuerySchema, AuditLogSchema } from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/client.js';
import { readAuditLog } from './audit-log.js';

export const auditLogRoutes: FastifyPluginAsyncZod<{ db: Db; timezone: string }> = async (app, { db, timezone }) => {
  app.get(
    '/audit-log',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags: ['admin'],
        security: [{ bearerAuth: [] }],
        summary: 'Domain events: who did what to which object, when (admin)',
        querystring: AuditLogQuerySchema,
        response: { 200: AuditLogSchema },
      },
    },
    async (request) => readAuditLog(db, request.query, timezone),
  );
};
