'use client';

import type { Category, Product } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { ListStatus, LoadMoreButton } from '@/components/admin/list-status';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { allItems, type Page } from '@/lib/api/pages';
import { formatMoney } from '@/lib/format';

const FILTERS = ['q', 'category', 'isActive', 'inStock', 'sort'] as const;

function ProductsTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [categories, setCategories] = useState<Category[]>([]);
  const [q, setQ] = useState(filters.q);
  useEffect(() => {
    allItems((page) => api<Page<Category>>(page), '/categories')
      .then(setCategories)
      .catch(() => {});
  }, []);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<Product>('/products', query);

  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">Products</h1>
        <Link href="/admin/products/new" className="btn-primary">
          New product
        </Link>
      </div>
      <form
        className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-5"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ q: q.trim() });
        }}
      >
        <div className="lg:col-span-2">
          <label htmlFor="p-q" className="label">
            Search
          </label>
          <input
            id="p-q"
            type="search"
            className="input"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Name, SKU, description"
          />
        </div>
        <div>
          <label htmlFor="p-category" className="label">
            Category
          </label>
          <select id="p-category" className="input" value={filters.category} onChange={(e) => setFilters({ category: e.target.value })}>
            <option value="">All</option>
            {categories.map((c) => (
              <option key={c.id} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="p-active" className="label">
            Status
          </label>
          <select id="p-active" className="input" value={filters.isActive} onChange={(e) => setFilters({ isActive: e.target.value })}>
            <option value="">Active and inactive</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </div>
        <div>
          <label htmlFor="p-stock" className="label">
            Stock
          </label>
          <select id="p-stock" className="input" value={filters.inStock} onChange={(e) => setFilters({ inStock: e.target.value })}>
            <option value="">Any</option>
            <option value="true">In stock</option>
            <option value="false">Sold out</option>
          </select>
        </div>
        <div>
          <label htmlFor="p-sort" className="label">
            Sort
          </label>
          <select id="p-sort" className="input" value={filters.sort} onChange={(e) => setFilters({ sort: e.target.value })}>
            <option value="">{filters.q ? 'Best match' : 'Newest'}</option>
            <option value="name">Name</option>
            <option value="price_asc">Price: low to high</option>
            <option value="price_desc">Price: high to low</option>
            <option value="rating">Rating</option>
          </select>
        </div>
        <div className="flex items-end gap-2 lg:col-span-4">
          <button type="submit" className="btn-secondary">
            Search
          </button>
          <button
            type="button"
            className="text-sm underline"
            onClick={() => {
              setQ('');
              setFilters({ q: '', category: '', isActive: '', inStock: '', sort: '' });
            }}
          >
            Clear filters
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
              <th className="p-2">Product</th>
              <th className="p-2">SKU</th>
              <th className="p-2 text-right">Price</th>
              <th className="p-2 text-right">Stock</th>
              <th className="p-2">Category</th>
              <th className="p-2">Status</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((p) => (
              <tr key={p.id} className="border-t border-slate-200">
                <td className="p-2">
                  <Link href={`/admin/products/${p.id}`} className="flex items-center gap-2 font-medium underline">
                    {p.images[0] ? (
                      <img src={p.images[0].variants.thumbnail} alt="" width={32} height={32} className="size-8 rounded object-cover" />
                    ) : (
                      <span className="size-8 rounded bg-slate-100" />
                    )}
                    {p.name}
                  </Link>
                </td>
                <td className="p-2 font-mono text-xs">{p.sku}</td>
                <td className="p-2 text-right">{formatMoney(p.priceCents)}</td>
                <td className={`p-2 text-right ${p.stockQuantity === 0 ? 'font-semibold text-red-700' : ''}`}>{p.stockQuantity}</td>
                <td className="p-2">{p.category?.name ?? '—'}</td>
                <td className="p-2">{p.isActive ? 'Active' : <span className="font-semibold text-slate-700">Inactive</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <ListStatus list={list} empty="No products match." />
      </div>
      <LoadMoreButton list={list} />
    </div>
  );
}

export default function AdminProductsPage() {
  return (
    <Suspense>
      <ProductsTable />
    </Suspense>
  );
}
