import type { Product } from '@emporium/contracts';
import Link from 'next/link';
import { stockLabel } from '@/lib/format';
import { Price } from './price';
import { Stars } from './stars';

export function ProductImage({
  product,
  size = 'medium',
  className = '',
  priority = false,
}: {
  product: Product;
  size?: 'thumbnail' | 'medium' | 'large';
  className?: string;
  priority?: boolean;
}) {
  const image = product.images[0];
  if (!image) {
    return (
      <div
        className={`flex aspect-square items-center justify-center bg-slate-100 text-sm text-slate-600 ${className}`}
        role="img"
        aria-label={`${product.name}: no photo yet`}
      >
        No photo
      </div>
    );
  }
  const webp =
    size === 'thumbnail' ? image.variants.thumbnailWebp : size === 'large' ? image.variants.largeWebp : image.variants.mediumWebp;
  return (
    <picture>
      <source srcSet={webp} type="image/webp" />
      <img
        src={image.variants[size]}
        alt={image.alt || product.name}
        width={image.width}
        height={image.height}
        loading={priority ? 'eager' : 'lazy'}
        decoding="async"
        className={`aspect-square h-auto w-full object-cover ${className}`}
      />
    </picture>
  );
}

export function ProductCard({ product, currency }: { product: Product; currency: string }) {
  const stock = stockLabel(product.stockQuantity);
  return (
    <li className="group flex flex-col overflow-hidden rounded-lg border border-slate-200 bg-white">
      <Link href={`/products/${product.slug}`} className="flex flex-1 flex-col">
        <ProductImage product={product} className="transition-opacity group-hover:opacity-90" />
        <div className="flex flex-1 flex-col gap-1 p-3">
          <h3 className="line-clamp-2 text-sm font-medium text-slate-900">{product.name}</h3>
          <Stars rating={product.ratingAverage} count={product.ratingCount} />
          <Price cents={product.priceCents} compareAtCents={product.compareAtPriceCents} currency={currency} />
          {stock.tone !== 'ok' && (
            <span className={`text-xs font-semibold ${stock.tone === 'out' ? 'text-red-700' : 'text-amber-800'}`}>{stock.text}</span>
          )}
        </div>
      </Link>
    </li>
  );
}

export function ProductGrid({ products, currency }: { products: Product[]; currency: string }) {
  return (
    <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4">
      {products.map((p) => (
        <ProductCard key={p.id} product={p} currency={currency} />
      ))}
    </ul>
  );
}
