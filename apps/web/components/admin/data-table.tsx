'use client';

import type { ReactNode } from 'react';
import type { CursorList } from '@/lib/admin';
import { ListError, ListStatus, LoadMoreButton } from './list-status';

/** The list's sort values a column header switches between (as the API names them). */
export interface ColumnSort {
  asc?: string;
  desc?: string;
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: 'right';
  className?: string;
  /** Makes the header a button that sorts the list by this column. */
  sort?: ColumnSort;
}

type Direction = 'ascending' | 'descending' | 'none';

function directionOf(sort: ColumnSort, current: string): Direction {
  if (sort.asc !== undefined && current === sort.asc) return 'ascending';
  if (sort.desc !== undefined && current === sort.desc) return 'descending';
  return 'none';
}

/**
 * The sort a click on a header asks for: a column not sorted yet starts ascending (or
 * descending, if that is all it has), then turns round, then goes back to the list's default
 * order ('': newest, or best match for a search).
 */
export function nextSort(sort: ColumnSort, current: string): string {
  const direction = directionOf(sort, current);
  if (direction === 'none') return sort.asc ?? sort.desc ?? '';
  if (direction === 'ascending') return sort.desc ?? '';
  return '';
}

const ALIGN = { right: 'text-right' } as const;

/**
 * An admin list as a table: its columns, one row per item, and under it the list's states —
 * an error (role="alert"), a skeleton while a page loads, `empty` once it loaded empty — and
 * "Load more" while there is another page. Sortable headers carry `aria-sort`.
 */
export function DataTable<T>({
  list,
  columns,
  rowKey,
  empty,
  sort = '',
  onSort,
  label,
  rowAlign = 'top',
}: {
  list: CursorList<T>;
  columns: Column<T>[];
  rowKey: (row: T) => string;
  empty: string;
  /** The list's current sort value ('' for its default). */
  sort?: string;
  onSort?: (sort: string) => void;
  /** The table's accessible name. */
  label: string;
  /** Where a row's cells sit: at the top (cells of several lines) or centred (a thumbnail beside one line). */
  rowAlign?: 'top' | 'middle';
}) {
  return (
    <>
      <ListError list={list} />
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="w-full text-sm" aria-label={label} aria-busy={list.loading}>
          <thead className="bg-slate-50 text-left">
            <tr>
              {columns.map((column) => {
                const direction = column.sort && onSort ? directionOf(column.sort, sort) : undefined;
                const className = `p-2 ${column.align ? ALIGN[column.align] : ''}`;
                return (
                  <th key={column.header} scope="col" className={className} aria-sort={direction}>
                    {column.sort && onSort ? (
                      <button
                        type="button"
                        className="inline-flex items-center gap-1 font-semibold underline-offset-2 hover:underline"
                        onClick={() => onSort(nextSort(column.sort as ColumnSort, sort))}
                      >
                        {column.header}
                        <span aria-hidden="true">{direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}</span>
                      </button>
                    ) : (
                      column.header
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => (
              <tr key={rowKey(row)} className={`border-t border-slate-200 ${rowAlign === 'top' ? 'align-top' : 'align-middle'}`}>
                {columns.map((column) => (
                  <td key={column.header} className={`p-2 ${column.align ? ALIGN[column.align] : ''} ${column.className ?? ''}`}>
                    {column.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <ListStatus list={list} empty={empty} />
      </div>
      <LoadMoreButton list={list} />
    </>
  );
}
