import { LRUCache } from 'lru-cache';

/**
 * Serialized public catalog responses, keyed by route and normalized query. Any catalog
 * change clears it (see CatalogInvalidation), and an entry computed before a change is
 * never stored after it (the generation check).
 */
export class CatalogCache {
  private readonly entries: LRUCache<string, string>;
  private generationCounter = 0;

  constructor(
    readonly enabled: boolean,
    maxBytes = 64 * 1024 * 1024,
  ) {
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (value, key) => value.length + key.length });
  }

  get generation(): number {
    return this.generationCounter;
  }

  get(key: string): string | undefined {
    return this.enabled ? this.entries.get(key) : undefined;
  }

  /** Stores `body` only if nothing changed since `generation` was read. */
  set(key: string, body: string, generation: number): void {
    if (this.enabled && generation === this.generationCounter) this.entries.set(key, body);
  }

  clear(): void {
    this.generationCounter++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
