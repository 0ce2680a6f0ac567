import type { ProductImage } from '@emporium/contracts';
import type { ProductImageRow } from '../../db/schema/index.js';
import { SIZES } from './image-processing.js';
import type { ImageStorage } from './image-storage.js';

export function variantKeys(row: Pick<ProductImageRow, 'storageKey' | 'format'>): string[] {
  const ext = row.format === 'png' ? 'png' : 'jpg';
  return Object.keys(SIZES).flatMap((size) => [`${row.storageKey}-${size}.${ext}`, `${row.storageKey}-${size}.webp`]);
}

/** An image as the API shows it; product reads take the same shape from `products.images` (migration 0010). */
export function toProductImage(row: ProductImageRow, storage: ImageStorage): ProductImage {
  const ext = row.format === 'png' ? 'png' : 'jpg';
  const url = (size: string, e: string) => storage.urlOf(`${row.storageKey}-${size}.${e}`);
  return {
    id: row.id,
    url: url('large', ext),
    thumbnailUrl: url('thumbnail', ext),
    alt: row.alt,
    width: row.width,
    height: row.height,
    position: row.position,
    variants: {
      thumbnail: url('thumbnail', ext),
      medium: url('medium', ext),
      large: url('large', ext),
      thumbnailWebp: url('thumbnail', 'webp'),
      mediumWebp: url('medium', 'webp'),
      largeWebp: url('large', 'webp'),
    },
  };
}
