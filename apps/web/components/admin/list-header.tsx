import type { ReactNode } from 'react';

/** An admin list's title, its total when the API counts it, and its actions (export, new …). */
export function ListHeader({ title, total, children }: { title: string; total?: number; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <h1 className="text-2xl font-bold">
        {title} {total !== undefined && <span className="text-base font-normal text-slate-700">({total})</span>}
      </h1>
      {children && <div className="flex gap-2">{children}</div>}
    </div>
  );
}
