'use client';

import type { Category, Product, ProductSort } from '@emporium/contracts';
import Link from 'next/link';
import { Suspense, useEffect, useMemo, useState } from 'react';
import { type Column, DataTable } from '@/components/admin/data-table';
import { BooleanFilter, FilterBar, SelectFilter, TextFilter } from '@/components/admin/filter-bar';
import { ListHeader } from '@/components/admin/list-header';
import { Stars } from '@/components/stars';
import { queryOf, useCursorList, useUrlFilters } from '@/lib/admin';
import { api } from '@/lib/api/client';
import { allItems, type Page } from '@/lib/api/pages';
import { formatMoney } from '@/lib/format';
import { toast } from '@/lib/toast';

const FILTERS = ['q', 'category', 'isActive', 'inStock', 'sort'] as const;

/** Sorts the API offers for this list (newest, or relevance with a search, is the default). */
const SORTS: Record<string, { asc?: ProductSort; desc?: ProductSort }> = {
  name: { asc: 'name' },
  price: { asc: 'price_asc', desc: 'price_desc' },
  rating: { desc: 'rating' },
};

const COLUMNS: Column<Product>[] = [
  {
    header: 'Product',
    sort: SORTS.name,
    cell: (p) => (
      <Link href={`/admin/products/${p.id}`} className="flex items-center gap-2 font-medium underline">
        {p.images[0] ? (
          <img src={p.images[0].variants.thumbnail} alt="" width={32} height={32} className="size-8 rounded object-cover" />
        ) : (
          <span className="size-8 rounded bg-slate-100" />
        )}
        {p.name}
      </Link>
    ),
  },
  { header: 'SKU', className: 'font-mono text-xs', cell: (p) => p.sku },
  { header: 'Price', align: 'right', sort: SORTS.price, cell: (p) => formatMoney(p.priceCents) },
  {
    header: 'Stock',
    align: 'right',
    cell: (p) => (p.stockQuantity === 0 ? <span className="font-semibold text-red-700">0</span> : p.stockQuantity),
  },
  { header: 'Rating', sort: SORTS.rating, cell: (p) => (p.ratingAverage === null ? '—' : <Stars rating={p.ratingAverage} />) },
  { header: 'Category', cell: (p) => p.category?.name ?? '—' },
  { header: 'Status', cell: (p) => (p.isActive ? 'Active' : <span className="font-semibold text-slate-700">Inactive</span>) },
];

function ProductsTable() {
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [categories, setCategories] = useState<Category[]>([]);
  const [q, setQ] = useState(filters.q);
  useEffect(() => {
    allItems((page) => api<Page<Category>>(page), '/categories')
      .then(setCategories)
      .catch((err) => toast.error(`Categories could not be loaded: ${(err as Error).message}`));
  }, []);
  const query = useMemo(() => queryOf(filters), [filters]);
  const list = useCursorList<Product>('/products', query);

  return (
    <div className="flex flex-col gap-4">
      <ListHeader title="Products">
        <Link href="/admin/products/new" className="btn-primary">
          New product
        </Link>
      </ListHeader>
      <FilterBar
        className="sm:grid-cols-2 lg:grid-cols-6"
        onSubmit={() => setFilters({ q: q.trim() })}
        submitLabel="Search"
        onClear={() => {
          setQ('');
          setFilters({ q: '', category: '', isActive: '', inStock: '', sort: '' });
        }}
      >
        <TextFilter id="p-q" label="Search" value={q} onChange={setQ} placeholder="Name, SKU, description" className="lg:col-span-2" />
        <SelectFilter
          id="p-category"
          label="Category"
          value={filters.category}
          anyLabel="All"
          options={categories.map((c) => [c.slug, c.name] as const)}
          onChange={(category) => setFilters({ category })}
        />
        <BooleanFilter
          id="p-active"
          label="Status"
          value={filters.isActive}
          anyLabel="Active and inactive"
          yes="Active"
          no="Inactive"
          onChange={(isActive) => setFilters({ isActive })}
        />
        <BooleanFilter
          id="p-stock"
          label="Stock"
          value={filters.inStock}
          yes="In stock"
          no="Sold out"
          onChange={(inStock) => setFilters({ inStock })}
        />
      </FilterBar>
      <DataTable
        label="Products"
        list={list}
        columns={COLUMNS}
        rowKey={(p) => p.id}
        empty="No products match."
        rowAlign="middle"
        sort={filters.sort}
        onSort={(sort) => setFilters({ sort })}
      />
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
