'use client';

import type { User } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { type Column, DataTable } from '@/components/admin/data-table';
import { BooleanFilter, FilterBar, SelectFilter, TextFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { downloadCsv, queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { formatDate } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['q', 'role', 'isActive', 'isVerified'] as const;

const COLUMNS: Column<User>[] = [
  {
    header: 'Name',
    cell: (u) => (
      <Link href={`/admin/customers/${u.id}`} className="font-medium underline">
        {u.fullName}
      </Link>
    ),
  },
  { header: 'E-mail', cell: (u) => u.email },
  { header: 'Role', className: 'capitalize', cell: (u) => u.role },
  {
    header: 'Status',
    cell: (u) => (
      <>
        {u.isActive ? 'Active' : <span className="font-semibold text-red-700">Deactivated</span>}
        {!u.isVerified && <span className="ml-2 text-xs text-slate-700">(unverified)</span>}
      </>
    ),
  },
  { header: 'Joined', cell: (u) => formatDate(u.createdAt) },
];

function CustomersTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [q, setQ] = useState(filters.q);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<User>('/users', query);

  return (
    <div className="flex flex-col gap-4">
      <ListHeader title="Customers" total={list.total}>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => downloadCsv(`/users/export?${query}`, 'users.csv').catch((err) => toast.error((err as Error).message))}
        >
          Export CSV
        </button>
      </ListHeader>
      <FilterBar
        className="sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={() => setFilters({ q: q.trim() })}
        submitLabel="Search"
        onClear={() => {
          setQ('');
          setFilters({ q: '', role: '', isActive: '', isVerified: '' });
        }}
      >
        <TextFilter id="c-q" label="Search" value={q} onChange={setQ} placeholder="Name or e-mail" />
        <SelectFilter
          id="c-role"
          label="Role"
          value={filters.role}
          options={[
            ['customer', 'Customer'],
            ['admin', 'Admin'],
          ]}
          onChange={(role) => setFilters({ role })}
        />
        <BooleanFilter
          id="c-active"
          label="Account"
          value={filters.isActive}
          anyLabel="Active and deactivated"
          yes="Active"
          no="Deactivated"
          onChange={(isActive) => setFilters({ isActive })}
        />
        <BooleanFilter
          id="c-verified"
          label="E-mail"
          value={filters.isVerified}
          anyLabel="Verified or not"
          yes="Verified"
          no="Not verified"
          onChange={(isVerified) => setFilters({ isVerified })}
        />
      </FilterBar>
      <DataTable label="Customers" list={list} columns={COLUMNS} rowKey={(u) => u.id} empty="No customers match." />
    </div>
  );
}

export default function AdminCustomersPage() {
  return (
    <Suspense>
      <CustomersTable />
    </Suspense>
  );
}
