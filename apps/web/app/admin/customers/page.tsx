'use client';

import type { User } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useMemo, useState } from 'react';
import { ListStatus, LoadMoreButton } from '@/components/admin/list-status';
import { downloadCsv, queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { formatDate } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['q', 'role', 'isActive', 'isVerified'] as const;

function CustomersTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [q, setQ] = useState(filters.q);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<User>('/users', query);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">
          Customers {list.total !== undefined && <span className="text-base font-normal text-slate-700">({list.total})</span>}
        </h1>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => downloadCsv(`/users/export?${query}`, 'users.csv').catch((err) => toast.error((err as Error).message))}
        >
          Export CSV
        </button>
      </div>
      <form
        className="card grid gap-3 sm:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ q: q.trim() });
        }}
      >
        <div>
          <label htmlFor="c-q" className="label">
            Search
          </label>
          <input id="c-q" type="search" className="input" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Name or e-mail" />
        </div>
        <div>
          <label htmlFor="c-role" className="label">
            Role
          </label>
          <select id="c-role" className="input" value={filters.role} onChange={(e) => setFilters({ role: e.target.value })}>
            <option value="">Any</option>
            <option value="customer">Customer</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        <div>
          <label htmlFor="c-active" className="label">
            Account
          </label>
          <select id="c-active" className="input" value={filters.isActive} onChange={(e) => setFilters({ isActive: e.target.value })}>
            <option value="">Active and deactivated</option>
            <option value="true">Active</option>
            <option value="false">Deactivated</option>
          </select>
        </div>
        <div>
          <label htmlFor="c-verified" className="label">
            E-mail
          </label>
          <select id="c-verified" className="input" value={filters.isVerified} onChange={(e) => setFilters({ isVerified: e.target.value })}>
            <option value="">Verified or not</option>
            <option value="true">Verified</option>
            <option value="false">Not verified</option>
          </select>
        </div>
        <div className="sm:col-span-4">
          <button type="submit" className="btn-secondary">
            Search
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
              <th className="p-2">Name</th>
              <th className="p-2">E-mail</th>
              <th className="p-2">Role</th>
              <th className="p-2">Status</th>
              <th className="p-2">Joined</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((u) => (
              <tr key={u.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link href={`/admin/customers/${u.id}`} className="font-medium underline">
                    {u.fullName}
                  </Link>
                </td>
                <td className="p-2">{u.email}</td>
                <td className="p-2 capitalize">{u.role}</td>
                <td className="p-2">
                  {u.isActive ? 'Active' : <span className="font-semibold text-red-700">Deactivated</span>}
                  {!u.isVerified && <span className="ml-2 text-xs text-slate-700">(unverified)</span>}
                </td>
                <td className="p-2">{formatDate(u.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ListStatus list={list} empty="No customers match." />
      </div>
      <LoadMoreButton list={list} />
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
