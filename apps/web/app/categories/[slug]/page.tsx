import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Catalog, type SearchParams } from '@/components/catalog/catalog';
import { getCategories } from '@/lib/api/server';

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<SearchParams> };

async function categoryOf(slug: string) {
  return (await getCategories()).find((c) => c.slug === slug);
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const category = await categoryOf((await params).slug);
  if (!category) return { title: 'Category not found' };
  return {
    title: category.name,
    description: category.description || `Shop ${category.name}.`,
    openGraph: { title: category.name, description: category.description || undefined },
    alternates: { canonical: `/categories/${category.slug}` },
  };
}

export default async function CategoryPage({ params, searchParams }: Props) {
  const category = await categoryOf((await params).slug);
  if (!category) notFound();
  return <Catalog params={await searchParams} fixedCategory={category.slug} heading={category.name} />;
}
