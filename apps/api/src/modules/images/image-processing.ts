import type { Metadata } from 'sharp';
import { ImageTooLargeError, UnsupportedImageError } from './images.errors.js';

/** Decoding stops at this many pixels: a tiny "pixel bomb" is refused from its header alone. */
export const MAX_INPUT_PIXELS = 40_000_000;

export const SIZES = { thumbnail: 240, medium: 640, large: 1600 } as const;
export type SizeName = keyof typeof SIZES;

export interface ProcessedImage {
  format: 'jpeg' | 'png';
  width: number;
  height: number;
  /** e.g. `large.jpg`, `large.webp` → file contents */
  files: Map<string, Buffer>;
}

/**
 * Decides the type from the bytes (never the name or header), refuses anything but JPEG,
 * PNG, WebP, AVIF and GIF, and re-encodes every size from the decoded pixels: metadata
 * (EXIF, GPS) and anything appended to the file are gone, and the orientation is applied.
 */
export async function processImage(input: Buffer): Promise<ProcessedImage> {
  // libvips is loaded on the first upload, not at start-up: most processes never resize an image.
  const { default: sharp } = await import('sharp');
  let meta: Metadata;
  try {
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new UnsupportedImageError('The file is not an image in a supported format (JPEG, PNG, WebP, AVIF or GIF)');
  }
  const allowed =
    meta.format === 'jpeg' ||
    meta.format === 'png' ||
    meta.format === 'webp' ||
    meta.format === 'gif' ||
    (meta.format === 'heif' && meta.compression === 'av1');
  if (!allowed) throw new UnsupportedImageError(`Images of type '${meta.format}' are not accepted; use JPEG, PNG, WebP, AVIF or GIF`);
  if (!meta.width || !meta.height) throw new UnsupportedImageError('The image has no dimensions');
  if (meta.width * meta.height > MAX_INPUT_PIXELS) throw new ImageTooLargeError(MAX_INPUT_PIXELS);

  const format = meta.hasAlpha ? 'png' : 'jpeg';
  const ext = format === 'png' ? 'png' : 'jpg';
  const files = new Map<string, Buffer>();
  let large = { width: meta.width, height: meta.height };
  try {
    for (const [name, box] of Object.entries(SIZES)) {
      // A fresh pipeline per size lets libvips shrink while decoding (no full-size bitmap in memory).
      const resized = sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
        .rotate()
        .resize({ width: box, height: box, fit: 'inside', withoutEnlargement: true });
      const encoded =
        format === 'png' ? resized.clone().png({ compressionLevel: 9 }) : resized.clone().jpeg({ quality: 82, mozjpeg: true });
      const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
      files.set(`${name}.${ext}`, data);
      files.set(`${name}.webp`, await resized.clone().webp({ quality: 80 }).toBuffer());
      if (name === 'large') large = { width: info.width, height: info.height };
    }
  } catch {
    throw new UnsupportedImageError('The image could not be decoded');
  }
  return { format, width: large.width, height: large.height, files };
}
