'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from './api/client';
import { ApiError } from './api/errors';
import { useSession } from './session';

/** A table's filters, kept in the URL so reload, back/forward and shared links keep them. */
export function useUrlFilters<K extends string>(keys: readonly K[]): [Record<K, string>, (patch: Partial<Record<K, string>>) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const values = useMemo(() => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>, [keys, params]);
  const set = useCallback(
    (patch: Partial<Record<K, string>>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(patch) as [K, string | undefined][]) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
    },
    [params, router, pathname],
  );
  return [values, set];
}

/** The API query for a filter set: empty values left out. */
export function queryOf(filters: Record<string, string>, extra: Record<string, string> = {}): URLSearchParams {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) query.set(k, v);
  return query;
}

export interface CursorList<T> {
  items: T[];
  total: number | undefined;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/** A keyset-paged admin list: the first page for the query, then "load more". */
export function useCursorList<T>(path: string, query: URLSearchParams, limit = 25): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [total, setTotal] = useState<number | undefined>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const key = `${path}?${query}`;

  const fetchPage = useCallback(
    async (after: string | null) => {
      const q = new URLSearchParams(key.slice(key.indexOf('?') + 1));
      q.set('limit', String(limit));
      if (after) q.set('cursor', after);
      setLoading(true);
      try {
        const page = await api<{ items: T[]; nextCursor: string | null; total?: number }>(`${path}?${q}`);
        setItems((list) => (after ? [...list, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setTotal(page.total);
        setError(null);
      } catch (err) {
        setError(
          err instanceof ApiError && err.body?.errors
            ? err.body.errors.map((e) => `${e.field} ${e.message}`).join('; ')
            : (err as Error).message,
        );
      } finally {
        setLoading(false);
      }
    },
    [key, path, limit],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: generation forces a reload
  useEffect(() => {
    void fetchPage(null);
  }, [fetchPage, generation]);

  return {
    items,
    total,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => void fetchPage(cursor),
    reload: () => setGeneration((g) => g + 1),
  };
}

/** Downloads an authenticated CSV export (the token is not in the URL, so no plain link). */
export async function downloadCsv(path: string, fallbackName: string): Promise<void> {
  const token = useSession.getState().accessToken;
  let res = await fetch(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.status === 401) {
    const { refreshSession } = await import('./api/client');
    if (await refreshSession()) {
      const fresh = useSession.getState().accessToken;
      res = await fetch(`/api/v1${path}`, { headers: fresh ? { authorization: `Bearer ${fresh}` } : {} });
    }
  }
  if (!res.ok) throw new ApiError(res.status, null, `Export failed (${res.status})`);
  const name = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}
