import type { Category, CategoryNode, Product, Store } from '@emporium/contracts';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { cache } from 'react';
import { ApiError, readResponse, UNREACHABLE_MESSAGE } from './errors';
import { allItems, type Page } from './pages';

/** Server components read the public catalog straight from the API (never the database). */
export const API_URL = (process.env.API_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');

export async function serverApi<T>(path: string): Promise<T> {
  // Rendered per request (stock and prices change), never prerendered at build time.
  await connection();
  // The shopper's address (set from the socket, see lib/client-address.ts): the API counts
  // this page's reads against the shopper's rate-limit budget, not the web server's.
  const shopper = (await headers()).get('x-forwarded-for');
  let res: Response;
  try {
    res = await fetch(`${API_URL}/api/v1${path}`, {
      cache: 'no-store',
      headers: { accept: 'application/json', ...(shopper ? { 'x-forwarded-for': shopper } : {}) },
    });
  } catch {
    throw new ApiError(0, null, UNREACHABLE_MESSAGE);
  }
  return readResponse<T>(res);
}

export type ProductPage = { items: Product[]; nextCursor: string | null };

export const getStore = cache(() => serverApi<Store>('/store'));
export const getCategoryTree = cache(() => allItems((path) => serverApi<Page<CategoryNode>>(path), '/categories?format=tree'));
export const getCategories = cache(() => allItems((path) => serverApi<Page<Category>>(path), '/categories'));

/** One product by slug, or null when there is none (a 404 page, not an error). */
export const getProduct = cache(async (slug: string): Promise<Product | null> => {
  try {
    return (await serverApi<{ product: Product }>(`/products/slug/${encodeURIComponent(slug)}`)).product;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 422)) return null;
    throw err;
  }
});

export function getProducts(query: URLSearchParams): Promise<ProductPage> {
  return serverApi<ProductPage>(`/products?${query}`);
}
