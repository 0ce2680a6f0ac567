'use client';

import type { Product } from '@emporium/contracts';
import { useState } from 'react';
import { ProductCard } from '@/components/product-card';
import { api } from '@/lib/api/client';
import { toast } from '@/lib/toast';

/**
 * "Load more": appends the next page and records how many pages are shown in the URL
 * (`pages=N`), so reload, back/forward and a shared link show the same list.
 */
export function LoadMore({
  apiQuery,
  firstCursor,
  pages,
  currency,
}: {
  apiQuery: string;
  firstCursor: string;
  pages: number;
  currency: string;
}) {
  const [items, setItems] = useState<Product[]>([]);
  const [cursor, setCursor] = useState<string | null>(firstCursor);
  const [shown, setShown] = useState(pages);
  const [loading, setLoading] = useState(false);

  async function more() {
    if (!cursor) return;
    setLoading(true);
    try {
      const query = new URLSearchParams(apiQuery);
      query.set('cursor', cursor);
      const page = await api<{ items: Product[]; nextCursor: string | null }>(`/products?${query}`);
      setItems((list) => [...list, ...page.items]);
      setCursor(page.nextCursor);
      const url = new URL(window.location.href);
      url.searchParams.set('pages', String(shown + 1));
      window.history.replaceState(null, '', url);
      setShown(shown + 1);
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setLoading(false);
    }
  }

  return (
    <>
      {items.length > 0 && (
        <ul className="mt-4 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label="More products">
          {items.map((p) => (
            <ProductCard key={p.id} product={p} currency={currency} />
          ))}
        </ul>
      )}
      <div className="mt-6 flex justify-center">
        {cursor ? (
          <button type="button" className="btn-secondary" onClick={more} disabled={loading}>
            {loading ? 'Loading…' : 'Load more'}
          </button>
        ) : (
          <p className="text-sm text-slate-600">You have seen everything.</p>
        )}
      </div>
    </>
  );
}
