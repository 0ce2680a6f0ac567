import {
  AcceptedSchema,
  ChangePasswordSchema,
  EmailOnlySchema,
  LoginSchema,
  NoContentSchema,
  OAuth2PasswordFormSchema,
  RefreshSchema,
  RegisterSchema,
  ResetPasswordSchema,
  TokenPairSchema,
  TokenSchema,
  UserResponseSchema,
} from '@emporium/contracts';
import formBody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf } from '../../plugins/authentication.js';
import type { UsersService } from '../users/users.service.js';
import type { AccountsService } from './accounts.service.js';
import { OriginNotAllowedError, RefreshTokenInvalidError } from './auth.errors.js';
import type { AuthService, ClientInfo } from './auth.service.js';

export interface AuthRoutesOptions {
  auth: AuthService;
  accounts: AccountsService;
  users: UsersService;
  allowedOrigins: string[];
  secureCookies: boolean;
}

export const REFRESH_COOKIE = 'emporium_refresh';
const COOKIE_PATH = '/api/v1/auth';
const tags = ['auth'];

function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, options) => {
  const { auth, accounts } = options;
  const allowedOrigins = new Set(options.allowedOrigins);

  function setRefreshCookie(reply: FastifyReply, token: string) {
    reply.setCookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies,
      path: COOKIE_PATH,
      maxAge: auth.refreshTtlSeconds,
    });
  }
  function clearRefreshCookie(reply: FastifyReply) {
    reply.clearCookie(REFRESH_COOKIE, { path: COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: options.secureCookies });
  }

  app.post(
    '/register',
    {
      schema: {
        tags,
        summary: 'Create a customer account and mail a verification link (same answer when the address is taken)',
        body: RegisterSchema,
        response: { 202: AcceptedSchema },
      },
    },
    async (request, reply) => {
      await accounts.register(request.body, clientOf(request));
      return reply.code(202).send({ detail: 'Check your inbox: we have sent a message to this address to finish signing up.' });
    },
  );

  app.post(
    '/verify-email',
    {
      schema: {
        tags,
        summary: 'Confirm an e-mail address with the mailed token',
        body: TokenSchema,
        response: { 200: UserResponseSchema },
      },
    },
    async (request) => ({ user: await accounts.verifyEmail(request.body.token) }),
  );

  app.post(
    '/resend-verification',
    {
      schema: {
        tags,
        summary: 'Mail a new verification link (same answer whether or not the account exists)',
        body: EmailOnlySchema,
        response: { 202: AcceptedSchema },
      },
    },
    async (request, reply) => {
      await accounts.resendVerification(request.body.email, clientOf(request));
      return reply.code(202).send({ detail: 'If an unverified account exists for this address, a new link is on its way.' });
    },
  );

  // The OAuth2 password flow posts a form: only this route accepts one.
  await app.register(async (loginScope) => {
    await loginScope.register(formBody, { bodyLimit: 10_000 });
    loginScope.withTypeProvider<ZodTypeProvider>().post(
      '/login',
      {
        schema: {
          tags,
          summary: 'Sign in with e-mail and password (JSON, or an OAuth2 password-flow form with `username`)',
          body: z.union([LoginSchema, OAuth2PasswordFormSchema]),
          response: { 200: TokenPairSchema },
        },
      },
      async (request, reply) => {
        const body = request.body;
        const email = 'email' in body ? body.email : body.username;
        const pair = await auth.login(email, body.password, clientOf(request));
        setRefreshCookie(reply, pair.refreshToken);
        return pair;
      },
    );
  });

  app.post(
    '/refresh',
    {
      schema: {
        tags,
        summary: 'Trade a refresh token (body or cookie) for new tokens; the old one stops working',
        body: RefreshSchema.nullish(),
        response: { 200: TokenPairSchema },
      },
    },
    async (request, reply) => {
      let token = request.body?.refreshToken;
      if (!token) {
        token = request.cookies[REFRESH_COOKIE];
        const origin = request.headers.origin;
        // A cookie is sent by the browser on its own: only trust it from our own pages.
        if (token && origin !== undefined && !allowedOrigins.has(origin)) throw new OriginNotAllowedError(origin);
      }
      if (!token) throw new RefreshTokenInvalidError('missing_token');
      try {
        const pair = await auth.refresh(token);
        setRefreshCookie(reply, pair.refreshToken);
        return pair;
      } catch (err) {
        clearRefreshCookie(reply);
        throw err;
      }
    },
  );

  app.post(
    '/logout',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'End the current session: its refresh token and this access token stop working',
        security: [{ bearerAuth: [] }],
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await auth.logout(principalOf(request));
      clearRefreshCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      onRequest: app.authenticate,
      schema: { tags, summary: 'The signed-in user', security: [{ bearerAuth: [] }], response: { 200: UserResponseSchema } },
    },
    async (request) => ({ user: await options.users.getProfile(principalOf(request).userId) }),
  );

  app.post(
    '/forgot-password',
    {
      schema: {
        tags,
        summary: 'Mail a password-reset link (same answer whether or not the account exists)',
        body: EmailOnlySchema,
        response: { 202: AcceptedSchema },
      },
    },
    async (request, reply) => {
      await accounts.forgotPassword(request.body.email, clientOf(request));
      return reply.code(202).send({ detail: 'If an account exists for this address, a reset link is on its way.' });
    },
  );

  app.post(
    '/reset-password',
    {
      schema: {
        tags,
        summary: 'Set a new password with the mailed token; every session ends',
        body: ResetPasswordSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await accounts.resetPassword(request.body, clientOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/change-password',
    {
      onRequest: app.authenticate,
      schema: {
        tags,
        summary: 'Change your password; your other sessions end',
        security: [{ bearerAuth: [] }],
        body: ChangePasswordSchema,
        response: { 204: NoContentSchema },
      },
    },
    async (request, reply) => {
      await accounts.changePassword(principalOf(request), request.body, clientOf(request));
      return reply.code(204).send(null);
    },
  );
};
