import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError, UnauthenticatedError } from '../errors.js';
import { AccessTokenInvalidError } from '../modules/auth/auth.errors.js';
import type { AuthService, Principal } from '../modules/auth/auth.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook: requires a valid bearer token and sets `request.principal`. */
    authenticate: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: sets `request.principal` when a bearer token is sent (a bad one is 401), else leaves it null. */
    identify: (request: FastifyRequest) => Promise<void>;
    /** onRequest hook: like `authenticate`, and the caller must be an admin. */
    requireAdmin: (request: FastifyRequest) => Promise<void>;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

function bearerToken(header: string): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1];
}

/** Whether the (optional) caller is an admin. */
export function isAdmin(request: FastifyRequest): boolean {
  return request.principal?.role === 'admin';
}

/** The signed-in caller of a route guarded by `authenticate`. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthenticatedError();
  return request.principal;
}

async function authenticationPlugin(app: FastifyInstance, options: { auth: AuthService }) {
  app.decorateRequest('principal', null);

  async function authenticate(request: FastifyRequest): Promise<void> {
    const header = request.headers.authorization;
    if (header === undefined) throw new UnauthenticatedError('Sign in first: send Authorization: Bearer <accessToken>');
    const token = bearerToken(header);
    // A credential that is there but unusable is answered like any other refused token.
    if (!token) throw new AccessTokenInvalidError('malformed_authorization');
    request.principal = await options.auth.authenticate(token);
  }

  app.decorate('authenticate', authenticate);
  app.decorate('identify', async (request: FastifyRequest) => {
    if (request.headers.authorization !== undefined) await authenticate(request);
  });
  app.decorate('requireAdmin', async (request: FastifyRequest) => {
    await authenticate(request);
    if (request.principal?.role !== 'admin') {
      throw new ForbiddenError('This needs an administrator', undefined, {
        event: 'security.access_denied',
        userId: request.principal?.userId,
        route: request.routeOptions.url,
      });
    }
  });
}

export const authentication = fp(authenticationPlugin, { name: 'authentication' });
