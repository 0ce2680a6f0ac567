import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type * as z from 'zod';
import { ValidationFailedError } from '../errors.js';

const NUL = '\u0000';
const NUL_MESSAGE = 'must not contain NUL characters (U+0000)';

/** The field name (`items[0].note`) of the first string or key holding a NUL character, or undefined. */
function nulField(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const field = nulField(value[i], `${path}[${i}]`);
      if (field !== undefined) return field;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const name = path ? `${path}.${key}` : key;
      if (key.includes(NUL)) return name;
      const field = nulField(item, name);
      if (field !== undefined) return field;
    }
  }
  return undefined;
}

/** For text read outside a route schema (multipart fields): the same rule as below. */
export function rejectNul(field: string, value: string): string {
  if (value.includes(NUL)) throw new ValidationFailedError([{ field, message: NUL_MESSAGE }]);
  return value;
}

/**
 * Request validation by the route's zod schema, plus one rule for every text a client sends:
 * no NUL characters. PostgreSQL cannot store U+0000 in text or jsonb, so a `%00` in a search or
 * a `\u0000` in an address used to fail in the database as a 500; it is now a 422 naming the
 * field, like any other invalid input.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data) => {
    const result = validate(data) as { value?: unknown; error?: Error };
    if (result.error !== undefined) return result;
    const field = nulField(result.value, '');
    if (field === undefined) return result;
    const where = route.httpPart === 'querystring' ? 'query string' : (route.httpPart ?? 'request');
    return {
      error: new ValidationFailedError([{ field: field || where, message: NUL_MESSAGE }], `The ${where} is not valid`),
    };
  };
};
