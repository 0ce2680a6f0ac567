import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { documentOperation, nameComponents, TAGS, withoutUnusedSchemas } from './openapi-operations.js';

declare module 'fastify' {
  interface FastifySchema {
    /**
     * A request body the handler reads itself (multipart uploads): documented in OpenAPI,
     * not validated by Fastify (which would see no body to validate).
     */
    formBody?: z.ZodType;
  }
}

async function openApiPlugin(app: FastifyInstance, options: { version: string }) {
  nameComponents();
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Emporium API',
        version: options.version,
        description:
          'The Emporium commerce API. Every error, the framework’s own included, has one JSON shape (`ErrorBody`): ' +
          '`{error, detail, status, path, timestamp, requestId, errors?}`. Query-string numbers are plain decimal digits; ' +
          'dates run from 2000-01-01 to 9999-12-31.',
      },
      // Paths in this document are absolute (`/api/v1/…`, `/health`): the server is the API's origin.
      servers: [{ url: '/', description: 'This API server' }],
      tags: TAGS,
      components: {
        securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
    transform: (document) => documentOperation(document, () => ({ identify: app.identify, requireAdmin: app.requireAdmin })),
    transformObject: (document) => withoutUnusedSchemas(jsonSchemaTransformObject(document)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Plain-HTTP local installs must still load the UI's own assets.
    transformStaticCSP: (header) => header.replace(/upgrade-insecure-requests;?\s*/, ''),
    uiConfig: { docExpansion: 'list', deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

/** The OpenAPI 3.1 document, generated from the routes' zod schemas, at /openapi.json and /docs. */
export const openApi = fp(openApiPlugin, { name: 'openapi' });
