import type { CursorList } from '@/lib/admin';

/** Why the list could not be read, when it could not. */
export function ListError({ list }: { list: CursorList<unknown> }) {
  if (!list.error) return null;
  return (
    <p role="alert" className="card text-red-800">
      {list.error}
    </p>
  );
}

/** Under a list: "nothing matches" once loaded empty, a skeleton while a page loads. */
export function ListStatus({ list, empty }: { list: CursorList<unknown>; empty: string }) {
  return (
    <>
      {!list.loading && !list.error && list.items.length === 0 && <p className="p-4 text-center text-slate-700">{empty}</p>}
      {list.loading && <div className="skeleton m-2 h-8" aria-hidden="true" />}
    </>
  );
}

/** The cursor pager: "Load more" while the list has another page. */
export function LoadMoreButton({ list }: { list: CursorList<unknown> }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" className="btn-secondary self-center" onClick={list.loadMore} disabled={list.loading}>
      {list.loading ? 'Loading…' : 'Load more'}
    </button>
  );
}
