import { randomBytes } from 'node:crypto';
import type { ProductImage } from '@emporium/contracts';
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { productImages } from '../../db/schema/index.js';
import { ProductNotFoundError } from '../products/products.errors.js';
import { findProductById, shownImage } from '../products/products.repository.js';
import { processImage } from './image-processing.js';
import type { ImageStorage } from './image-storage.js';
import { variantKeys } from './image-view.js';
import { ImageNotFoundError } from './images.errors.js';

export interface ImagesServiceDeps {
  db: Db;
  storage: ImageStorage;
  onCatalogChanged: () => Promise<void>;
}

/** Product images: validated and re-encoded on upload, stored in sizes under server-made names. */
export class ImagesService {
  constructor(private readonly deps: ImagesServiceDeps) {}

  async upload(productId: string, file: Buffer, alt: string): Promise<ProductImage> {
    const { db, storage } = this.deps;
    if (!(await findProductById(db, productId))) throw new ProductNotFoundError();
    const processed = await processImage(file);
    const storageKey = `products/${productId.replaceAll('-', '')}/${randomBytes(12).toString('hex')}`;
    const keys: string[] = [];
    try {
      for (const [suffix, data] of processed.files) {
        const key = `${storageKey}-${suffix}`;
        await storage.save(key, data);
        keys.push(key);
      }
      const [row] = await db
        .insert(productImages)
        .values({
          productId,
          storageKey,
          format: processed.format,
          width: processed.width,
          height: processed.height,
          alt,
          position: sql`(select coalesce(max(${productImages.position}) + 1, 0) from ${productImages} where ${productImages.productId} = ${productId})`,
        })
        .returning();
      if (!row) throw new Error('image insert returned nothing');
      await this.deps.onCatalogChanged();
      return shownImage(db, productId, row.id);
    } catch (err) {
      await storage.remove(keys);
      throw err;
    }
  }

  async update(productId: string, imageId: string, patch: { alt?: string; position?: number }): Promise<ProductImage> {
    const [row] = await this.deps.db
      .update(productImages)
      .set(patch)
      .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)))
      .returning();
    if (!row) throw new ImageNotFoundError();
    await this.deps.onCatalogChanged();
    return shownImage(this.deps.db, productId, row.id);
  }

  async delete(productId: string, imageId: string): Promise<void> {
    const [row] = await this.deps.db
      .delete(productImages)
      .where(and(eq(productImages.id, imageId), eq(productImages.productId, productId)))
      .returning();
    if (!row) throw new ImageNotFoundError();
    await this.deps.onCatalogChanged();
    await this.deps.storage.remove(variantKeys(row));
  }
}
