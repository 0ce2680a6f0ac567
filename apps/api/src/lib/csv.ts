import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Options, stringify } from 'csv-stringify';

/** Spreadsheet apps run cells that start with these as formulas; a leading ' keeps them text. */
export function neutralizeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * `rows` as a CSV stream for a reply, every string cell neutralised. An error while the rows
 * are read (the database failing in the middle of an export) destroys the returned stream with
 * it: the reply then answers the error (nothing sent yet) or cuts that one response short.
 * With `.pipe` it was an 'error' event nobody listened to, which ended the process.
 */
export function csvStream(rows: AsyncIterable<unknown[]>, options: Omit<Options, 'cast'>): Readable {
  const csv = stringify({ ...options, cast: { string: neutralizeFormula } });
  pipeline(Readable.from(rows), csv).catch(() => {
    // Already handled: pipeline destroyed `csv` with the error, and the reply reading it reports
    // it (logged with the request); a client that went away stops the rows the same way.
  });
  return csv;
}
