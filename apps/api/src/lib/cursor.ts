import { ValidationFailedError } from '../errors.js';
import { isStorableText } from './storable-text.js';

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

// Only what the server itself writes into cursors: Date#toISOString() output, years 1 to 9999.
const ISO_TIMESTAMP = /^(?!0000)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * A timestamp PostgreSQL takes as it is. Date.parse alone lets 02-30 through (it rolls over to
 * March) and year 0 (PostgreSQL has none): only a value that reads back unchanged is a real instant.
 */
export function isIsoTimestamp(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value)) return false;
  const ms = Date.parse(value);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === value;
}

/** Text of at most `max` characters that PostgreSQL can compare with (no NUL, no lone surrogate). */
export function isTextUpTo(max: number) {
  return (value: unknown): value is string => typeof value === 'string' && value.length <= max && isStorableText(value);
}

/** A whole number within [min, max]: what an integer column can be compared with. */
export function isIntegerIn(min: number, max: number) {
  return (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
}

export function isNumberIn(min: number, max: number) {
  return (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
