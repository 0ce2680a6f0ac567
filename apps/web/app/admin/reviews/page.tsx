'use client';

import type { AdminReview } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { Confirm } from '@/components/admin/confirm';
import { LoadMoreButton } from '@/components/admin/list-status';
import { Stars } from '@/components/stars';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { formatDate } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['rating', 'sort', 'productId', 'userId'] as const;

function ReviewsTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<AdminReview>('/reviews', query);
  const [deleting, setDeleting] = useState<AdminReview | null>(null);
  const [busy, setBusy] = useState(false);

  async function remove() {
    if (!deleting) return;
    setBusy(true);
    try {
      await api(`/reviews/${deleting.id}`, { method: 'DELETE' });
      toast.success('Review deleted; the product rating is updated');
      list.reload();
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
      setDeleting(null);
    }
  }

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Reviews</h1>
      <div className="card flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="r-rating" className="label">
            Rating
          </label>
          <select id="r-rating" className="input" value={filters.rating} onChange={(e) => setFilters({ rating: e.target.value })}>
            <option value="">Any</option>
            {[5, 4, 3, 2, 1].map((r) => (
              <option key={r} value={r}>
                {r} star{r === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="r-sort" className="label">
            Sort
          </label>
          <select id="r-sort" className="input" value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value })}>
            <option value="">Newest</option>
            <option value="lowest">Lowest rated</option>
            <option value="highest">Highest rated</option>
          </select>
        </div>
        {(filters.productId || filters.userId) && (
          <button type="button" className="text-sm underline" onClick={() => setFilters({ productId: '', userId: '' })}>
            Showing one {filters.productId ? 'product' : 'author'} — show all
          </button>
        )}
      </div>
      {list.error && (
        <p role="alert" className="card text-red-800">
          {list.error}
        </p>
      )}
      <ul className="flex flex-col gap-3">
        {list.items.map((r) => (
          <li key={r.id} className="card flex flex-col gap-1">
            <div className="flex flex-wrap items-center gap-2">
              <Stars rating={r.rating} />
              <span className="font-semibold">{r.title}</span>
              <button type="button" className="ml-auto text-sm text-red-700 underline" onClick={() => setDeleting(r)}>
                Delete
              </button>
            </div>
            <p className="text-xs text-slate-700">
              on{' '}
              <button type="button" className="underline" onClick={() => setFilters({ productId: r.product.id })}>
                {r.product.name}
              </button>{' '}
              by{' '}
              <button type="button" className="underline" onClick={() => setFilters({ userId: r.author.id })}>
                {r.authorEmail}
              </button>{' '}
              · {formatDate(r.createdAt)} {r.verifiedPurchase && '· verified purchase'} ·{' '}
              <Link href={`/products/${r.product.slug}`} className="underline">
                view in shop
              </Link>
            </p>
            {r.body && <p className="text-sm">{r.body}</p>}
          </li>
        ))}
      </ul>
      {!list.loading && list.items.length === 0 && <p className="card text-center text-slate-700">No reviews match.</p>}
      <LoadMoreButton list={list} />
      <Confirm
        open={deleting !== null}
        title="Delete this review?"
        confirmLabel="Delete review"
        busy={busy}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        “{deleting?.title}” by {deleting?.authorEmail} is removed and the product’s rating is recalculated.
      </Confirm>
    </div>
  );
}

export default function AdminReviewsPage() {
  return (
    <Suspense>
      <ReviewsTable />
    </Suspense>
  );
}
