import { LRUCache } from 'lru-cache';
import { COMPRESSION_THRESHOLD, type ContentEncoding, ENCODINGS, encodeBody, negotiatedEncoding } from '../../lib/content-encoding.js';

/** One encoding of a cached response: the bytes as they go out, and the headers that go with them. */
export interface CachedVariant {
  body: Buffer;
  /**
   * The response's headers as the full pipeline produced them, flat (`name, value, …`, with
   * content-length and, when encoded, content-encoding), less the ones that belong to one
   * request: what the cache front replays.
   */
  headers: string[];
}

export interface CachedResponse {
  /** Of the identity bytes; kept so a hit need not hash the body again. */
  etag: string | undefined;
  /**
   * The body in every encoding a client may be sent, encoded once when stored, so a hit never
   * compresses. Below COMPRESSION_THRESHOLD all three are the identity variant.
   */
  variants: Record<ContentEncoding, CachedVariant>;
}

/** What the full pipeline produced for a response worth caching. */
export interface ResponseToCache {
  /** The UTF-8 bytes, so a hit is written as they are rather than encoded again each time. */
  body: Buffer;
  etag: string | undefined;
  /** Flat, without content-length or content-encoding (each variant adds its own). */
  headers: string[];
}

export type BodyEncoder = typeof encodeBody;

/** A hit: the variant to send, its encoding (identity below the compression threshold) and the entry's ETag. */
export interface CacheHit {
  variant: CachedVariant;
  encoding: ContentEncoding;
  etag: string | undefined;
}

/** The stored variant of `entry` for an Accept-Encoding: every encoding is stored, so this is a lookup. */
export function variantOf(entry: CachedResponse, acceptEncoding: string | undefined): CacheHit {
  const encoding = negotiatedEncoding(acceptEncoding);
  const variant = entry.variants[encoding];
  return { variant, encoding: variant === entry.variants.identity ? 'identity' : encoding, etag: entry.etag };
}

/**
 * Serialized public catalog responses, keyed by the request's path and query. Any catalog
 * change clears it (see CacheInvalidation), and an entry computed before a change is
 * never stored after it (the generation check).
 */
export class CatalogCache {
  private readonly entries: LRUCache<string, CachedResponse>;
  private generationCounter = 0;
  /**
   * Plain counts, read by the metrics at scrape time: a hit answered by the cache front
   * costs one increment, nothing more. A miss is counted once, by the catalog routes.
   */
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(
    readonly enabled: boolean,
    /**
     * False while other instances' changes cannot reach this one (the invalidation channel is
     * down): the cache is then neither read nor filled, so no instance serves a price or stock
     * another has replaced. It is cleared when the channel comes back.
     */
    private readonly live: () => boolean = () => true,
    maxBytes = 64 * 1024 * 1024,
    /** How bodies are compressed; a test passes one that counts its calls. */
    private readonly encode: BodyEncoder = encodeBody,
  ) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      // Every distinct body counts: identity plus, above the threshold, the br and gzip bytes.
      sizeCalculation: (value, key) => {
        let size = key.length + 64;
        for (const variant of new Set(Object.values(value.variants))) size += variant.body.length + 64;
        return size;
      },
      // Only entries pushed out to stay under maxBytes; a catalog change clears with reason 'delete'.
      dispose: (_value, _key, reason) => {
        if (reason === 'evict') this.stats.evictions++;
      },
    });
  }

  get generation(): number {
    return this.generationCounter;
  }

  private get(key: string): CachedResponse | undefined {
    return this.enabled && this.live() ? this.entries.get(key) : undefined;
  }

  /**
   * The one way a hit is read, by the cache front and by the catalog routes alike: the stored
   * variant for the request's Accept-Encoding (a lookup, never a compression), counted as a hit.
   */
  hit(key: string, acceptEncoding: string | undefined): CacheHit | undefined {
    const entry = this.get(key);
    if (entry === undefined) return undefined;
    this.stats.hits++;
    return variantOf(entry, acceptEncoding);
  }

  /** Whether `key` would be a hit, without counting as a use. */
  has(key: string): boolean {
    return this.enabled && this.live() && this.entries.has(key);
  }

  /** The entry for `response`, with its compressed variants encoded now, once. */
  entryFor({ body, etag, headers }: ResponseToCache): CachedResponse {
    const identity = { body, headers: headers.concat('content-length', String(body.length)) };
    const variants: Record<ContentEncoding, CachedVariant> = { identity, br: identity, gzip: identity };
    if (body.length >= COMPRESSION_THRESHOLD) {
      for (const encoding of ENCODINGS) {
        const encoded = this.encode(encoding, body);
        variants[encoding] = {
          body: encoded,
          headers: headers.concat('content-encoding', encoding, 'content-length', String(encoded.length)),
        };
      }
    }
    return { etag, variants };
  }

  /** Stores `value` only if nothing changed since `generation` was read. */
  set(key: string, value: CachedResponse, generation: number): void {
    if (this.enabled && generation === this.generationCounter && this.live()) this.entries.set(key, value);
  }

  clear(): void {
    this.generationCounter++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
