import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import type * as z from 'zod';
import { ValidationFailedError } from '../errors.js';
import { isStorableText } from '../lib/storable-text.js';
import { fieldName } from './error-handler.js';

/** Why PostgreSQL cannot store `text` (see lib/storable-text.ts), or undefined when it can. */
function problemWith(text: string): string | undefined {
  if (isStorableText(text)) return undefined;
  return text.includes('\u0000') ? 'must not contain NUL characters (U+0000)' : 'must be well-formed Unicode (no unpaired surrogates)';
}

/** The first string or key that PostgreSQL cannot store: where it is, and why. */
function unstorable(value: unknown, path: (string | number)[]): { path: (string | number)[]; message: string } | undefined {
  if (typeof value === 'string') {
    const message = problemWith(value);
    return message ? { path, message } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const at = [...path, key];
    const message = typeof key === 'string' ? problemWith(key) : undefined;
    const found = message ? { path: at, message } : unstorable(item, at);
    if (found) return found;
  }
  return undefined;
}

/** For text read outside a route schema (multipart fields): the same rule as below. */
export function rejectUnstorable(field: string, value: string): string {
  const message = problemWith(value);
  if (message) throw new ValidationFailedError([{ field, message }]);
  return value;
}

/**
 * Request validation by the route's zod schema, plus one rule for every text a client sends:
 * nothing PostgreSQL cannot store (see UNSTORABLE). A `%00` in a search or an unpaired
 * surrogate in an address used to fail in the database as a 500; it is now a 422 naming the
 * field, like any other invalid input.
 */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  const validate = zodValidatorCompiler(route);
  return (data) => {
    const result = validate(data) as { value?: unknown; error?: Error };
    if (result.error !== undefined) return result;
    const found = unstorable(result.value, []);
    if (!found) return result;
    const where = route.httpPart === 'querystring' ? 'query string' : (route.httpPart ?? 'request');
    return {
      error: new ValidationFailedError([{ field: fieldName(found.path) || where, message: found.message }], `The ${where} is not valid`),
    };
  };
};
