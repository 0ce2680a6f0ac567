import { LRUCache } from 'lru-cache';

export interface CachedResponse {
  /** The UTF-8 bytes, so a hit is written as they are rather than encoded again each time. */
  body: Buffer;
  /** Kept so a hit need not hash the body again. */
  etag: string | undefined;
  /**
   * The response's headers as the full pipeline produced them, flat (`name, value, …`, with
   * content-length), less the ones that belong to one request: what the cache front replays.
   */
  headers: string[];
}

/**
 * Serialized public catalog responses, keyed by the request's path and query. Any catalog
 * change clears it (see CacheInvalidation), and an entry computed before a change is
 * never stored after it (the generation check).
 */
export class CatalogCache {
  private readonly entries: LRUCache<string, CachedResponse>;
  private generationCounter = 0;

  constructor(
    readonly enabled: boolean,
    /**
     * False while other instances' changes cannot reach this one (the invalidation channel is
     * down): the cache is then neither read nor filled, so no instance serves a price or stock
     * another has replaced. It is cleared when the channel comes back.
     */
    private readonly live: () => boolean = () => true,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, CachedResponse>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => value.body.length + key.length + 64,
    });
  }

  get generation(): number {
    return this.generationCounter;
  }

  get(key: string): CachedResponse | undefined {
    return this.enabled && this.live() ? this.entries.get(key) : undefined;
  }

  /** Whether `key` would be a hit, without counting as a use. */
  has(key: string): boolean {
    return this.enabled && this.live() && this.entries.has(key);
  }

  /** Stores `body` only if nothing changed since `generation` was read. */
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
