'use client';

import type { ProductImage } from '@emporium/contracts';
import { useState } from 'react';

/** The product's photos: a large view and a row of thumbnails that switch it. */
export function Gallery({ images, name }: { images: ProductImage[]; name: string }) {
  const [index, setIndex] = useState(0);
  const image = images[index];
  if (!image) {
    return (
      <div
        className="flex aspect-square items-center justify-center rounded-lg bg-slate-100 text-slate-600"
        role="img"
        aria-label={`${name}: no photo yet`}
      >
        No photo
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      <picture>
        <source
          srcSet={`${image.variants.mediumWebp} 640w, ${image.variants.largeWebp} 1600w`}
          sizes="(min-width: 768px) 50vw, 100vw"
          type="image/webp"
        />
        <img
          src={image.variants.large}
          srcSet={`${image.variants.medium} 640w, ${image.variants.large} 1600w`}
          sizes="(min-width: 768px) 50vw, 100vw"
          alt={image.alt || name}
          width={image.width}
          height={image.height}
          fetchPriority="high"
          className="h-auto w-full rounded-lg border border-slate-200 object-contain"
        />
      </picture>
      {images.length > 1 && (
        <ul className="flex gap-2 overflow-x-auto" aria-label="Photos">
          {images.map((img, i) => (
            <li key={img.id}>
              <button
                type="button"
                onClick={() => setIndex(i)}
                aria-label={`Show photo ${i + 1} of ${images.length}`}
                aria-current={i === index}
                className={`block overflow-hidden rounded-md border-2 ${i === index ? 'border-brand-700' : 'border-transparent'}`}
              >
                <img
                  src={img.variants.thumbnail}
                  alt=""
                  width={img.width}
                  height={img.height}
                  className="size-16 object-cover"
                  loading="lazy"
                />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
