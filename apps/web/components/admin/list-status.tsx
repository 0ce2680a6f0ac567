import type { CursorList } from '@/lib/admin';

/** Under a list: "nothing matches" once loaded empty, a skeleton while a page loads. */
export function ListStatus({ list, empty }: { list: CursorList<unknown>; empty: string }) {
  return (
    <>
      {!list.loading && list.items.length === 0 && <p className="p-4 text-center text-slate-700">{empty}</p>}
      {list.loading && <div className="skeleton m-2 h-8" />}
    </>
  );
}

/** "Load more" while the list has another page. */
export function LoadMoreButton({ list }: { list: CursorList<unknown> }) {
  if (!list.hasMore) return null;
  return (
    <button type="button" className="btn-secondary self-center" onClick={list.loadMore} disabled={list.loading}>
      Load more
    </button>
  );
}
