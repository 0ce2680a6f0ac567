import slugify from 'slugify';

/** The URL slug for a name: "Blue Ceramic Mug" → "blue-ceramic-mug" (the API and the editor's preview agree). */
export function slugFrom(text: string, fallback = 'item'): string {
  const slug = slugify(text, { lower: true, strict: true, trim: true }).slice(0, 100).replace(/-+$/, '');
  return slug || fallback;
}
