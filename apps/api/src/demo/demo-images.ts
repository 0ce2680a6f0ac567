import sharp from 'sharp';

/** A product picture drawn locally (no network): a soft gradient with a few shapes, unique per product. */
export async function demoProductImage(color: string, seed: number): Promise<Buffer> {
  const shapes = Array.from({ length: 3 }, (_, i) => {
    const x = 120 + ((seed * (i + 3) * 53) % 360);
    const y = 120 + ((seed * (i + 5) * 31) % 360);
    const r = 50 + ((seed * (i + 1) * 17) % 90);
    const opacity = 0.25 + i * 0.2;
    return i % 2
      ? `<rect x="${x - r}" y="${y - r}" width="${r * 2}" height="${r * 2}" rx="${r / 3}" fill="#ffffff" fill-opacity="${opacity}"/>`
      : `<circle cx="${x}" cy="${y}" r="${r}" fill="#ffffff" fill-opacity="${opacity}"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${color}"/><stop offset="1" stop-color="#111827"/></linearGradient></defs>
    <rect width="800" height="800" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}
