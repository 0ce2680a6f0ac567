'use client';

import type { DomainEvent } from '@emporium/contracts';
import { Suspense, useMemo, useState } from 'react';
import { ListStatus, LoadMoreButton } from '@/components/admin/list-status';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { formatDateTime } from '@/lib/format';

const FILTERS = ['type', 'actorId', 'subjectId', 'from', 'to'] as const;
const TYPES = [
  'order.placed',
  'order.status_changed',
  'order.cancelled',
  'product.created',
  'product.updated',
  'product.deleted',
  'product.low_stock',
  'review.created',
  'review.deleted',
  'user.registered',
  'user.role_changed',
  'user.deleted',
];

function AuditLog() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [draft, setDraft] = useState({ actorId: filters.actorId, subjectId: filters.subjectId });
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<DomainEvent>('/admin/audit-log', query, 50);

  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <form
        className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-6"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ actorId: draft.actorId.trim(), subjectId: draft.subjectId.trim() });
        }}
      >
        <div>
          <label htmlFor="a-type" className="label">
            Type
          </label>
          <input
            id="a-type"
            list="event-types"
            className="input"
            value={filters.type}
            onChange={(e) => setFilters({ type: e.target.value })}
          />
          <datalist id="event-types">
            {TYPES.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor="a-actor" className="label">
            Actor id
          </label>
          <input
            id="a-actor"
            className="input font-mono"
            value={draft.actorId}
            onChange={(e) => setDraft((d) => ({ ...d, actorId: e.target.value }))}
          />
        </div>
        <div>
          <label htmlFor="a-subject" className="label">
            Subject id
          </label>
          <input
            id="a-subject"
            className="input font-mono"
            value={draft.subjectId}
            onChange={(e) => setDraft((d) => ({ ...d, subjectId: e.target.value }))}
          />
        </div>
        <div>
          <label htmlFor="a-from" className="label">
            From
          </label>
          <input id="a-from" type="date" className="input" value={filters.from} onChange={(e) => setFilters({ from: e.target.value })} />
        </div>
        <div>
          <label htmlFor="a-to" className="label">
            To
          </label>
          <input id="a-to" type="date" className="input" value={filters.to} onChange={(e) => setFilters({ to: e.target.value })} />
        </div>
        <div className="flex items-end">
          <button type="submit" className="btn-secondary">
            Apply
          </button>
        </div>
      </form>
      {list.error && (
        <p role="alert" className="card text-red-800">
          {list.error}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left">
            <tr>
              <th className="p-2">When</th>
              <th className="p-2">Event</th>
              <th className="p-2">Actor</th>
              <th className="p-2">Subject</th>
              <th className="p-2">Details</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((e) => (
              <tr key={e.id} className="border-t border-slate-200 align-top">
                <td className="whitespace-nowrap p-2">{formatDateTime(e.occurredAt)}</td>
                <td className="p-2 font-mono text-xs">{e.type}</td>
                <td className="p-2 font-mono text-xs">
                  {e.actorId ? (
                    <button type="button" className="underline" onClick={() => setFilters({ actorId: e.actorId ?? '' })}>
                      {e.actorId.slice(0, 8)}…
                    </button>
                  ) : (
                    'system'
                  )}
                </td>
                <td className="p-2 font-mono text-xs">
                  {e.subject.type}{' '}
                  <button type="button" className="underline" onClick={() => setFilters({ subjectId: e.subject.id })}>
                    {e.subject.id.slice(0, 8)}…
                  </button>
                </td>
                <td className="max-w-md p-2">
                  <code className="block truncate text-xs" title={JSON.stringify(e.payload)}>
                    {JSON.stringify(e.payload)}
                  </code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ListStatus list={list} empty="No events match." />
      </div>
      <LoadMoreButton list={list} />
    </div>
  );
}

export default function AuditLogPage() {
  return (
    <Suspense>
      <AuditLog />
    </Suspense>
  );
}
