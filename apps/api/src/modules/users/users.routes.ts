import {
  AdminCreateUserSchema,
  AdminUpdateUserSchema,
  CsvResponseSchema,
  NoContentSchema,
  UpdateProfileSchema,
  UserFilterSchema,
  UserIdParamsSchema,
  UserListQuerySchema,
  UserListSchema,
  UserResponseSchema,
  UserStatisticsSchema,
} from '@emporium/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../../plugins/authentication.js';
import type { UsersService } from './users.service.js';

export interface UsersRoutesOptions {
  users: UsersService;
}

const tags = ['users'];
const security = [{ bearerAuth: [] }];

export const usersRoutes: FastifyPluginAsyncZod<UsersRoutesOptions> = async (app, { users }) => {
  app.get(
    '/me',
    { onRequest: app.authenticate, schema: { tags, security, summary: 'Your profile', response: { 200: UserResponseSchema } } },
    async (request) => ({ user: await users.getProfile(principalOf(request).userId) }),
  );

  app.patch(
    '/me',
    {
      onRequest: app.authenticate,
      schema: { tags, security, summary: 'Update your profile', body: UpdateProfileSchema, response: { 200: UserResponseSchema } },
    },
    async (request) => ({ user: await users.updateProfile(principalOf(request).userId, request.body) }),
  );

  app.get(
    '/',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Search and list users (admin)',
        querystring: UserListQuerySchema,
        response: { 200: UserListSchema },
      },
    },
    async (request) => users.list(request.query),
  );

  app.post(
    '/',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Create a user of any role (admin)',
        body: AdminCreateUserSchema,
        response: { 201: UserResponseSchema },
      },
    },
    async (request, reply) => reply.code(201).send({ user: await users.create(principalOf(request).userId, request.body) }),
  );

  app.get(
    '/statistics',
    {
      onRequest: app.requireAdmin,
      schema: { tags, security, summary: 'Counts by role and status, sign-ups per day (admin)', response: { 200: UserStatisticsSchema } },
    },
    async () => users.statistics(),
  );

  app.get(
    '/export',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Download matching users as CSV (admin)',
        querystring: UserFilterSchema,
        response: { 200: CsvResponseSchema },
      },
    },
    async (request, reply) => {
      const date = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="users-${date}.csv"`)
        .header('cache-control', 'no-store')
        .send(users.exportCsv(request.query));
    },
  );

  app.get(
    '/:id',
    {
      onRequest: app.requireAdmin,
      schema: { tags, security, summary: 'One user (admin)', params: UserIdParamsSchema, response: { 200: UserResponseSchema } },
    },
    async (request) => ({ user: await users.get(request.params.id) }),
  );

  app.patch(
    '/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Change role, activation or name (admin)',
        params: UserIdParamsSchema,
        body: AdminUpdateUserSchema,
        response: { 200: UserResponseSchema },
      },
    },
    async (request) => ({ user: await users.update(principalOf(request).userId, request.params.id, request.body) }),
  );

  app.delete(
    '/:id',
    {
      onRequest: app.requireAdmin,
      schema: {
        tags,
        security,
        summary: 'Delete a user; anonymised and deactivated when records still refer to it (admin)',
        params: UserIdParamsSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await users.delete(principalOf(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
