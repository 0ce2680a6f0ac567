import type { FastifyReply } from 'fastify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import * as z from 'zod';
import type { Json } from '../lib/json-text.js';

/**
 * Every response a handler returns as an object goes through its zod schema before it is
 * written, so a field the schema does not name (a cost price, a password hash) never leaves
 * the server and a wrong shape is a 500, not a broken client. Unlike the type provider's own
 * serializer this parses rather than encodes: the response schemas hold no codecs, and
 * parsing a 20-product page costs half as much (measured: 77 µs against 160 µs). Product
 * reads are the exception: PostgreSQL builds their JSON, named field by field (see `sendJson`).
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> = ({ schema, method, url }) => {
  const zod = schema instanceof z.ZodType ? schema : schema.properties;
  if (!(zod instanceof z.ZodType)) throw new TypeError(`response schema of ${method} ${url} is not a zod schema`);
  return (data) => {
    const result = zod.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};

/**
 * Writes a response the handler already holds as JSON text. Fastify never serializes a
 * string, so it skips the schema check above: what builds the text answers for its shape
 * (and its tests hold it to the schema).
 */
export function sendJson<T>(reply: FastifyReply, json: Json<T>, statusCode = 200): FastifyReply {
  return reply.code(statusCode).type('application/json; charset=utf-8').send(json);
}
