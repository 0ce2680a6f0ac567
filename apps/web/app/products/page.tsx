import type { Metadata } from 'next';
import { Catalog, type SearchParams } from '@/components/catalog/catalog';

export async function generateMetadata({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<Metadata> {
  const q = (await searchParams).q;
  return typeof q === 'string' && q.trim()
    ? { title: `Search: ${q.trim()}`, robots: { index: false } }
    : { title: 'All products', description: 'Browse every product in the shop: filter by category, price, stock and rating.' };
}

export default async function ProductsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return <Catalog params={await searchParams} heading="All products" />;
}
