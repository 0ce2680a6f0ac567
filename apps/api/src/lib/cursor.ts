import { ValidationFailedError } from '../errors.js';

/**
 * Keyset cursors: the sort key and id of the last row of a page, as base64url JSON.
 * Opaque to clients; a tampered or malformed cursor is a 422 on the `cursor` field.
 */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor<T extends readonly unknown[]>(cursor: string, isValid: (values: unknown[]) => values is [...T]): T {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || !isValid(values)) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'is not a valid cursor' }]);
  }
  return values as unknown as T;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export function isIsoTimestamp(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && !Number.isNaN(Date.parse(value));
}
