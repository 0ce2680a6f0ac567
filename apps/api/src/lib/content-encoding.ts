import { type BrotliOptions, brotliCompressSync, constants, gzipSync, type ZlibOptions } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';

/**
 * The one set of compression settings: @fastify/compress (plugins/compression.ts) uses them for
 * the responses it encodes, and the catalog cache for the variants it stores, so a hit and a
 * miss of the same URL carry the same bytes.
 */

/** Smaller bodies go out as they are: a packet or two either way, and framing would eat the gain. */
export const COMPRESSION_THRESHOLD = 1024;

/** Preferred first, when a request accepts both equally. */
export const ENCODINGS = ['br', 'gzip'] as const;
export type ContentEncoding = (typeof ENCODINGS)[number] | 'identity';

/**
 * Brotli at quality 4: within a few per cent of gzip's speed and smaller output; the default
 * (11) is meant for static files compressed once and costs tens of times more CPU per byte.
 * A 256 KB window (the default is 4 MB) holds any JSON answer whole and costs less to set up
 * per response (~70 µs instead of ~90 µs for a 14 KB page, measured on Node 20).
 */
export const BROTLI_OPTIONS: BrotliOptions = {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: 4,
    [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    [constants.BROTLI_PARAM_LGWIN]: 18,
  },
};
export const GZIP_OPTIONS: ZlibOptions = { level: 6 };

/**
 * Bodies up to this size are compressed in one synchronous call; larger ones (and streams such
 * as the CSV exports) through a zlib stream. A stream costs ~4× the CPU of the call for a list
 * page (~300 µs against ~70 µs for 14 KB), while 128 KB compress in well under 1 ms, so no
 * answer holds the event loop for long. @fastify/compress would pick 8 KB on two cores.
 */
export const SYNC_COMPRESSION_LIMIT = 128 * 1024;

/** The media types worth compressing: JSON, CSV and other text (not images, not event streams). */
export const COMPRESSIBLE_TYPES = /^text\/(?!event-stream)|[+/]json(?:;|$)/;

/** `body` encoded as `encoding` says, with the settings above. */
export function encodeBody(encoding: Exclude<ContentEncoding, 'identity'>, body: Buffer): Buffer {
  return encoding === 'br' ? brotliCompressSync(body, BROTLI_OPTIONS) : gzipSync(body, GZIP_OPTIONS);
}

/** Distinct Accept-Encoding values are few (one or two per browser family); past this, start over. */
const MAX_REMEMBERED = 256;
const negotiated = new Map<string, ContentEncoding>();

/**
 * The encoding an Accept-Encoding header asks for, by its q-values, as @fastify/compress reads it
 * (`*` and `x-gzip` stand for gzip); identity when neither br nor gzip is acceptable. Remembered
 * per header value, so a cache hit costs a map lookup rather than a parse.
 */
export function negotiatedEncoding(header: string | undefined): ContentEncoding {
  if (header === undefined) return 'identity';
  let encoding = negotiated.get(header);
  if (encoding === undefined) {
    const normalized = header.toLowerCase().replace(/\*|x-gzip/g, 'gzip');
    encoding = (negotiate(normalized, [...ENCODINGS]) as ContentEncoding | null) ?? 'identity';
    if (negotiated.size >= MAX_REMEMBERED) negotiated.clear();
    negotiated.set(header, encoding);
  }
  return encoding;
}
