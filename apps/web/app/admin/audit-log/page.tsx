'use client';

import { DOMAIN_EVENT_TYPES, type DomainEvent } from '@emporium/contracts';
import { Suspense, useMemo, useState } from 'react';
import { type Column, DataTable } from '@/components/admin/data-table';
import { DateFilter, FilterBar, TextFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { formatDateTime } from '@/lib/format';

const FILTERS = ['type', 'actorId', 'subjectId', 'from', 'to'] as const;

function AuditLog() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [draft, setDraft] = useState({ type: filters.type, actorId: filters.actorId, subjectId: filters.subjectId });
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<DomainEvent>('/admin/audit-log', query, 50);

  /** Filters by a row's actor or subject, and shows it in the bar. */
  const show = (patch: { actorId?: string; subjectId?: string }) => {
    setDraft((d) => ({ ...d, ...patch }));
    setFilters(patch);
  };

  const columns: Column<DomainEvent>[] = [
    { header: 'When', className: 'whitespace-nowrap', cell: (e) => formatDateTime(e.occurredAt) },
    { header: 'Event', className: 'font-mono text-xs', cell: (e) => e.type },
    {
      header: 'Actor',
      className: 'font-mono text-xs',
      cell: (e) =>
        e.actorId ? (
          <button type="button" className="underline" onClick={() => show({ actorId: e.actorId ?? '' })}>
            {e.actorId.slice(0, 8)}…
          </button>
        ) : (
          'system'
        ),
    },
    {
      header: 'Subject',
      className: 'font-mono text-xs',
      cell: (e) => (
        <>
          {e.subject.type}{' '}
          <button type="button" className="underline" onClick={() => show({ subjectId: e.subject.id })}>
            {e.subject.id.slice(0, 8)}…
          </button>
        </>
      ),
    },
    {
      header: 'Details',
      className: 'max-w-md',
      cell: (e) => (
        <code className="block truncate text-xs" title={JSON.stringify(e.payload)}>
          {JSON.stringify(e.payload)}
        </code>
      ),
    },
  ];

  return (
    <div className="flex flex-col gap-4">
      <ListHeader title="Audit log" />
      <FilterBar
        className="sm:grid-cols-3 lg:grid-cols-6"
        onSubmit={() => setFilters({ type: draft.type.trim(), actorId: draft.actorId.trim(), subjectId: draft.subjectId.trim() })}
        submitLabel="Apply"
        onClear={() => {
          setDraft({ type: '', actorId: '', subjectId: '' });
          setFilters({ type: '', actorId: '', subjectId: '', from: '', to: '' });
        }}
      >
        <TextFilter
          id="a-type"
          label="Type"
          value={draft.type}
          onChange={(type) => setDraft((d) => ({ ...d, type }))}
          suggestions={DOMAIN_EVENT_TYPES}
        />
        <TextFilter
          id="a-actor"
          label="Actor id"
          monospace
          value={draft.actorId}
          onChange={(actorId) => setDraft((d) => ({ ...d, actorId }))}
        />
        <TextFilter
          id="a-subject"
          label="Subject id"
          monospace
          value={draft.subjectId}
          onChange={(subjectId) => setDraft((d) => ({ ...d, subjectId }))}
        />
        <DateFilter id="a-from" label="From" value={filters.from} onChange={(from) => setFilters({ from })} />
        <DateFilter id="a-to" label="To" value={filters.to} onChange={(to) => setFilters({ to })} />
      </FilterBar>
      <DataTable label="Audit log" list={list} columns={columns} rowKey={(e) => e.id} empty="No events match." />
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
