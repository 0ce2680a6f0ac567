import type { ProductImageRow } from '../../db/schema/index.js';
import { SIZES } from './image-processing.js';

export function variantKeys(row: Pick<ProductImageRow, 'storageKey' | 'format'>): string[] {
  const ext = row.format === 'png' ? 'png' : 'jpg';
  return Object.keys(SIZES).flatMap((size) => [`${row.storageKey}-${size}.${ext}`, `${row.storageKey}-${size}.webp`]);
}
