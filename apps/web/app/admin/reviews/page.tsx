'use client';

import type { AdminReview } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { type Column, DataTable } from '@/components/admin/data-table';
import { FilterBar, SelectFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { Confirm } from '@/components/confirm';
import { Stars } from '@/components/stars';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { formatDate } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['rating', 'sort', 'productId', 'userId'] as const;
const RATINGS = [5, 4, 3, 2, 1].map((r) => [String(r), `${r} star${r === 1 ? '' : 's'}`] as const);

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

  const columns: Column<AdminReview>[] = [
    { header: 'Rating', sort: { asc: 'lowest', desc: 'highest' }, cell: (r) => <Stars rating={r.rating} /> },
    {
      header: 'Review',
      className: 'max-w-md',
      cell: (r) => (
        <>
          <span className="font-semibold">{r.title}</span>
          {r.body && <p className="text-slate-800">{r.body}</p>}
          {r.verifiedPurchase && <span className="text-xs text-slate-700">Verified purchase</span>}
        </>
      ),
    },
    {
      header: 'Product',
      cell: (r) => (
        <>
          <button type="button" className="underline" onClick={() => setFilters({ productId: r.product.id })}>
            {r.product.name}
          </button>
          <Link href={`/products/${r.product.slug}`} className="block text-xs underline">
            view in shop
          </Link>
        </>
      ),
    },
    {
      header: 'Author',
      cell: (r) => (
        <button type="button" className="underline" onClick={() => setFilters({ userId: r.author.id })}>
          {r.authorEmail}
        </button>
      ),
    },
    { header: 'Written', cell: (r) => formatDate(r.createdAt) },
    {
      header: 'Actions',
      cell: (r) => (
        <button type="button" className="text-red-700 underline" onClick={() => setDeleting(r)}>
          Delete
        </button>
      ),
    },
  ];

  return (
    <div className="flex flex-col gap-4">
      <ListHeader title="Reviews" />
      <FilterBar className="sm:grid-cols-3" onClear={() => setFilters({ rating: '', sort: '', productId: '', userId: '' })}>
        <SelectFilter id="r-rating" label="Rating" value={filters.rating} options={RATINGS} onChange={(rating) => setFilters({ rating })} />
        <SelectFilter
          id="r-sort"
          label="Sort"
          value={filters.sort}
          anyLabel="Newest"
          options={[
            ['lowest', 'Lowest rated'],
            ['highest', 'Highest rated'],
          ]}
          onChange={(sort) => setFilters({ sort })}
        />
      </FilterBar>
      {(filters.productId || filters.userId) && (
        <button type="button" className="self-start text-sm underline" onClick={() => setFilters({ productId: '', userId: '' })}>
          Showing one {filters.productId ? 'product' : 'author'} — show all
        </button>
      )}
      <DataTable
        label="Reviews"
        list={list}
        columns={columns}
        rowKey={(r) => r.id}
        empty="No reviews match."
        sort={filters.sort}
        onSort={(sort) => setFilters({ sort })}
      />
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
