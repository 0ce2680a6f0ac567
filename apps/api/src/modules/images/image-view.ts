import type { ProductImage } from '@emporium/contracts';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../../db/client.js';
import { type ProductImageRow, products } from '../../db/schema/index.js';
import { SIZES } from './image-processing.js';

export function variantKeys(row: Pick<ProductImageRow, 'storageKey' | 'format'>): string[] {
  const ext = row.format === 'png' ? 'png' : 'jpg';
  return Object.keys(SIZES).flatMap((size) => [`${row.storageKey}-${size}.${ext}`, `${row.storageKey}-${size}.webp`]);
}

/**
 * An image as the API shows it, read from `products.images`, which the triggers on
 * product_images keep in that shape (migration 0010): the one place image URLs are made.
 */
export async function shownImage(db: Db, productId: string, imageId: string): Promise<ProductImage> {
  const [row] = rowsOf<{ image: ProductImage }>(
    await db.execute(sql`
      select image from ${products}, json_array_elements(${products.images}) image
      where ${products.id} = ${productId} and image ->> 'id' = ${imageId}`),
  );
  if (!row) throw new Error(`image ${imageId} is not in products.images`);
  return row.image;
}
