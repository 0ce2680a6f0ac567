/** `Blue Mug (Large)` → `blue-mug-large`; never empty. */
export { slugFrom } from '@emporium/contracts';

/** The first of `base`, `base-2`, `base-3`, … that `isTaken` says is free. */
export async function firstFreeSlug(base: string, isTaken: (slug: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; n < 1000; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
  return `${base}-${Date.now().toString(36)}`;
}
