import type { Product } from '@emporium/contracts';
import type { MetadataRoute } from 'next';
import { getCategories, serverApi } from '@/lib/api/server';

export const dynamic = 'force-dynamic';

/** Every category and every active product (followed page by page through the API). */
export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const base = process.env.PUBLIC_WEB_URL ?? 'http://localhost:3000';
  const entries: MetadataRoute.Sitemap = [
    { url: `${base}/`, changeFrequency: 'daily', priority: 1 },
    { url: `${base}/products`, changeFrequency: 'daily', priority: 0.8 },
  ];
  for (const c of await getCategories()) entries.push({ url: `${base}/categories/${c.slug}`, changeFrequency: 'daily', priority: 0.7 });
  let cursor: string | null = null;
  // Sitemaps hold at most 50,000 URLs.
  for (let page = 0; page < 500 && entries.length < 50_000; page++) {
    const query = new URLSearchParams({ limit: '100', sort: 'newest' });
    if (cursor) query.set('cursor', cursor);
    const result: { items: Product[]; nextCursor: string | null } = await serverApi(`/products?${query}`);
    for (const p of result.items)
      entries.push({ url: `${base}/products/${p.slug}`, lastModified: p.updatedAt, changeFrequency: 'weekly', priority: 0.6 });
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return entries;
}
