import type { Product } from '@emporium/contracts';
import type { ImageStorage } from '../images/image-storage.js';
import { toProductImage } from '../images/image-view.js';
import type { ProductWithCategory } from './products.repository.js';

/** The API shape of a product; `costPerItemCents` only for admins. */
export function toProduct({ product: p, category, images }: ProductWithCategory, storage: ImageStorage, forAdmin: boolean): Product {
  return {
    id: p.id,
    name: p.name,
    slug: p.slug,
    description: p.description,
    priceCents: p.priceCents,
    compareAtPriceCents: p.compareAtPriceCents,
    ...(forAdmin ? { costPerItemCents: p.costPerItemCents } : {}),
    sku: p.sku,
    stockQuantity: p.stockQuantity,
    isActive: p.isActive,
    isFeatured: p.isFeatured,
    category: category?.id ? category : null,
    images: images.map((i) => toProductImage(i, storage)),
    ratingAverage: p.ratingAverage === null ? null : Number(p.ratingAverage),
    ratingCount: p.ratingCount,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
