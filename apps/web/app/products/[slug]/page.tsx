import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Price } from '@/components/price';
import { AddToCart } from '@/components/product/add-to-cart';
import { Gallery } from '@/components/product/gallery';
import { Reviews } from '@/components/product/reviews';
import { Stars } from '@/components/stars';
import { getProduct, getStore } from '@/lib/api/server';
import { stockLabel } from '@/lib/format';

type Props = { params: Promise<{ slug: string }> };

function summary(description: string): string {
  const text = description.replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const product = await getProduct((await params).slug);
  if (!product) return { title: 'Product not found' };
  const image = product.images[0];
  return {
    title: product.name,
    description: summary(product.description) || product.name,
    alternates: { canonical: `/products/${product.slug}` },
    openGraph: {
      title: product.name,
      description: summary(product.description) || undefined,
      type: 'website',
      url: `/products/${product.slug}`,
      images: image ? [{ url: image.variants.large, width: image.width, height: image.height, alt: image.alt || product.name }] : undefined,
    },
  };
}

export default async function ProductPage({ params }: Props) {
  const [product, store] = await Promise.all([getProduct((await params).slug), getStore()]);
  if (!product) notFound();
  const stock = stockLabel(product.stockQuantity);
  const base = process.env.PUBLIC_WEB_URL ?? 'http://localhost:3000';
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.name,
    description: product.description,
    sku: product.sku,
    image: product.images.map((i) => new URL(i.variants.large, base).toString()),
    ...(product.category ? { category: product.category.name } : {}),
    offers: {
      '@type': 'Offer',
      url: new URL(`/products/${product.slug}`, base).toString(),
      priceCurrency: store.currency,
      price: (product.priceCents / 100).toFixed(2),
      availability: product.stockQuantity > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
    },
    ...(product.ratingAverage !== null && product.ratingCount > 0
      ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: product.ratingAverage.toFixed(1), reviewCount: product.ratingCount } }
      : {}),
  };

  return (
    <article>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: JSON-LD must be inline; '<' is escaped so it cannot close the script */}
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }} />
      <nav aria-label="Breadcrumb" className="mb-4 text-sm text-slate-700">
        <Link href="/products" className="underline">
          Shop
        </Link>
        {product.category && (
          <>
            {' / '}
            <Link href={`/categories/${product.category.slug}`} className="underline">
              {product.category.name}
            </Link>
          </>
        )}
      </nav>
      <div className="grid gap-8 md:grid-cols-2">
        <Gallery images={product.images} name={product.name} />
        <div className="flex flex-col gap-4">
          <h1 className="text-3xl font-bold tracking-tight">{product.name}</h1>
          <Stars rating={product.ratingAverage} count={product.ratingCount} />
          <Price cents={product.priceCents} compareAtCents={product.compareAtPriceCents} currency={store.currency} large />
          <p
            className={`font-semibold ${stock.tone === 'out' ? 'text-red-700' : stock.tone === 'low' ? 'text-amber-800' : 'text-green-800'}`}
            data-testid="stock-status"
          >
            {stock.text}
          </p>
          <AddToCart productId={product.id} stock={product.stockQuantity} />
          <div className="whitespace-pre-line text-slate-800">{product.description}</div>
          <p className="text-xs text-slate-600">SKU {product.sku}</p>
        </div>
      </div>
      <Reviews productId={product.id} ratingAverage={product.ratingAverage} ratingCount={product.ratingCount} />
    </article>
  );
}
