import { z } from 'zod';

/**
 * Query-string values arrive as text. They are read strictly, the same way everywhere: a whole
 * number is written in plain decimal digits with no sign, leading zero, spaces, exponent or hex
 * (`0x10`, `1e2`, `" 5"`, `+5` and `05` are refused, not read as 16, 100, 5, 5 and 5); an empty
 * value (`?minPriceCents=`) is refused like any other malformed one. Every refusal is a 422.
 */
const DECIMAL_INTEGER = /^(?:0|[1-9]\d{0,15})$/;
const DECIMAL_NUMBER = /^(?:0|[1-9]\d{0,15})(?:\.\d{1,6})?$/;

/**
 * One regex and one transform, no pipe into a second schema: GET /products reads up to five of
 * these per request, and zod's pipe doubled the cost of parsing its query.
 */
function queryNumeric(pattern: RegExp, form: string, min: number, max: number, type: 'integer' | 'number') {
  return z
    .string({ message: `must be ${form}` })
    .transform((text, ctx) => {
      const value = pattern.test(text) ? Number(text) : Number.NaN;
      if (Number.isNaN(value)) {
        ctx.addIssue({ code: 'custom', message: `must be ${form}` });
        return z.NEVER;
      }
      if (value < min || value > max) {
        ctx.addIssue({ code: 'custom', message: `must be from ${min} to ${max}` });
        return z.NEVER;
      }
      return value;
    })
    .meta({ type, minimum: min, maximum: max });
}

/**
 * A whole number from the query string, within [min, max]. Documented as an integer (what a
 * client sends), with the bounds the server enforces.
 */
export function queryInt(min: number, max: number) {
  return queryNumeric(DECIMAL_INTEGER, 'a whole number in decimal digits', min, max, 'integer');
}

/** A decimal number (`4` or `4.5`, no exponent or sign) from the query string, within [min, max]. */
export function queryNumber(min: number, max: number) {
  return queryNumeric(DECIMAL_NUMBER, 'a decimal number like 4 or 4.5', min, max, 'number');
}

/**
 * Calendar bounds the database stores and a shop makes sense of: PostgreSQL has no year 0 and
 * refuses offsets past ±15:59; no order predates 2000.
 */
export const MIN_DATE = '2000-01-01';
export const MAX_DATE = '9999-12-31';
const DATE_BOUNDS = `must be between ${MIN_DATE} and ${MAX_DATE}`;
const YEAR_2000_TO_9999 = /^[2-9]\d{3}-/;

/** A calendar day, `YYYY-MM-DD`, from 2000-01-01 to 9999-12-31 (a real day: no 02-30). */
export const IsoDateSchema = z.iso
  .date({ message: 'must be a date like 2026-01-31' })
  .regex(YEAR_2000_TO_9999, { message: DATE_BOUNDS })
  .meta({ format: 'date', description: `A day, YYYY-MM-DD, ${MIN_DATE} to ${MAX_DATE}` });

/** Offsets real time zones use: UTC−12:00 to UTC+14:00. */
const SANE_OFFSET = /(?:Z|[+-](?:0\d|1[0-3]):[0-5]\d|[+-]14:00)$/;

/** An ISO-8601 timestamp with `Z` or an offset within ±14:00, years 2000 to 9999. */
export const IsoTimestampSchema = z.iso
  .datetime({ offset: true, message: 'must be an ISO-8601 timestamp like 2026-01-31T12:00:00Z' })
  .regex(YEAR_2000_TO_9999, { message: DATE_BOUNDS })
  .regex(SANE_OFFSET, { message: 'must use Z or an offset from -14:00 to +14:00' })
  .describe('An ISO-8601 timestamp, years 2000 to 9999, Z or an offset within ±14:00');
