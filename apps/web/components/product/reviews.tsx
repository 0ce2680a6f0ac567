'use client';

import type { Review } from '@emporium/contracts';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { Stars } from '@/components/stars';
import { api } from '@/lib/api/client';
import { formatDate } from '@/lib/format';
import { useSession } from '@/lib/session';

// The form (and the validation schemas) load only when someone opens it.
const ReviewForm = dynamic(() => import('./review-form').then((m) => m.ReviewForm), {
  loading: () => <div className="skeleton h-40 w-full" />,
});

type Page = { items: Review[]; nextCursor: string | null };

export function Reviews({
  productId,
  ratingAverage,
  ratingCount,
}: {
  productId: string;
  ratingAverage: number | null;
  ratingCount: number;
}) {
  const user = useSession((s) => s.user);
  const [sort, setSort] = useState<'newest' | 'highest' | 'lowest'>('newest');
  const [reviews, setReviews] = useState<Review[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [editing, setEditing] = useState(false);

  const load = useCallback(
    async (reset: boolean, after: string | null) => {
      setState('loading');
      try {
        const query = new URLSearchParams({ sort, limit: '5' });
        if (!reset && after) query.set('cursor', after);
        const page = await api<Page>(`/products/${productId}/reviews?${query}`);
        setReviews((list) => (reset ? page.items : [...list, ...page.items]));
        setCursor(page.nextCursor);
        setState('ready');
      } catch {
        setState('failed');
      }
    },
    [productId, sort],
  );

  useEffect(() => {
    void load(true, null);
  }, [load]);

  const own = user ? reviews.find((r) => r.author.id === user.id) : undefined;

  return (
    <section aria-labelledby="reviews-heading" className="mt-10">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="reviews-heading" className="text-xl font-bold">
          Reviews
        </h2>
        <Stars rating={ratingAverage} count={ratingCount} size="lg" />
      </div>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <label htmlFor="review-sort" className="text-sm font-medium">
          Sort
        </label>
        <select id="review-sort" className="input w-auto" value={sort} onChange={(e) => setSort(e.target.value as typeof sort)}>
          <option value="newest">Newest</option>
          <option value="highest">Highest rated</option>
          <option value="lowest">Lowest rated</option>
        </select>
        {user ? (
          !editing && (
            <button type="button" className="btn-secondary ml-auto" onClick={() => setEditing(true)}>
              {own ? 'Edit your review' : 'Write a review'}
            </button>
          )
        ) : (
          <Link href="/login" className="ml-auto text-sm underline">
            Log in to write a review
          </Link>
        )}
      </div>
      {editing && (
        <div className="card mt-4">
          <ReviewForm
            productId={productId}
            existing={own}
            onDone={() => {
              setEditing(false);
              void load(true, null);
            }}
            onCancel={() => setEditing(false)}
          />
        </div>
      )}
      <ul className="mt-4 flex flex-col gap-4">
        {reviews.map((r) => (
          <li key={r.id} className="card">
            <div className="flex flex-wrap items-center gap-2">
              <Stars rating={r.rating} />
              <h3 className="font-semibold">{r.title}</h3>
            </div>
            <p className="mt-1 text-xs text-slate-700">
              {r.author.name} · {formatDate(r.createdAt)}
              {r.verifiedPurchase && (
                <span className="ml-2 rounded bg-green-100 px-1.5 py-0.5 font-semibold text-green-900">Verified purchase</span>
              )}
            </p>
            {r.body && <p className="mt-2 whitespace-pre-line text-sm text-slate-800">{r.body}</p>}
          </li>
        ))}
      </ul>
      {state === 'ready' && reviews.length === 0 && <p className="mt-4 text-slate-700">No reviews yet. Be the first to write one.</p>}
      {state === 'failed' && (
        <p role="alert" className="mt-4 text-slate-800">
          Reviews could not be loaded right now.
        </p>
      )}
      {state === 'loading' && <div className="skeleton mt-4 h-20 w-full" />}
      {cursor && state === 'ready' && (
        <button type="button" className="btn-secondary mt-4" onClick={() => load(false, cursor)}>
          More reviews
        </button>
      )}
    </section>
  );
}
