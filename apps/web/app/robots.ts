import type { MetadataRoute } from 'next';

// PUBLIC_WEB_URL is read when the shop runs, not when it is built: one build (a container
// image) serves any address.
export const dynamic = 'force-dynamic';

export default function robots(): MetadataRoute.Robots {
  const base = process.env.PUBLIC_WEB_URL ?? 'http://localhost:3000';
  return {
    rules: { userAgent: '*', allow: '/', disallow: ['/account', '/cart', '/checkout', '/admin', '/api/'] },
    sitemap: `${base}/sitemap.xml`,
  };
}
