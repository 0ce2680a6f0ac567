import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import * as z from 'zod';

/**
 * Every response goes through its zod schema before it is written, so a field the schema
 * does not name (a cost price, a password hash) never leaves the server and a wrong shape is
 * a 500, not a broken client. Unlike the type provider's own serializer this parses rather
 * than encodes: the response schemas hold no codecs, and parsing a 20-product page costs half
 * as much (measured: 77 µs against 160 µs).
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
