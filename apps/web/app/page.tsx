import Link from 'next/link';
import { ProductGrid } from '@/components/product-card';
import { getCategoryTree, getProducts, getStore } from '@/lib/api/server';

export default async function HomePage() {
  const [store, tree, featured, newest] = await Promise.all([
    getStore(),
    getCategoryTree(),
    getProducts(new URLSearchParams({ featured: 'true', limit: '8' })),
    getProducts(new URLSearchParams({ sort: 'newest', limit: '8' })),
  ]);
  return (
    <div className="flex flex-col gap-10">
      <section className="rounded-xl bg-brand-50 px-6 py-10 sm:px-10">
        <h1 className="text-3xl font-bold tracking-tight text-brand-800 sm:text-4xl">Welcome to {store.name}</h1>
        <p className="mt-2 max-w-xl text-slate-800">Good things for home, work and play — chosen with care and shipped fast.</p>
        <Link href="/products" className="btn-primary mt-6">
          Shop all products
        </Link>
      </section>

      <section aria-labelledby="categories-heading">
        <h2 id="categories-heading" className="mb-3 text-xl font-bold">
          Shop by category
        </h2>
        <ul className="flex flex-wrap gap-2">
          {tree.map((c) => (
            <li key={c.id}>
              <Link
                href={`/categories/${c.slug}`}
                className="inline-block rounded-full border border-slate-300 px-4 py-1.5 text-sm font-medium hover:bg-slate-50"
              >
                {c.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      {featured.items.length > 0 && (
        <section aria-labelledby="featured-heading">
          <h2 id="featured-heading" className="mb-3 text-xl font-bold">
            Featured
          </h2>
          <ProductGrid products={featured.items} currency={store.currency} />
        </section>
      )}

      <section aria-labelledby="new-heading">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="new-heading" className="text-xl font-bold">
            New arrivals
          </h2>
          <Link href="/products?sort=newest" className="text-sm underline">
            See all
          </Link>
        </div>
        {newest.items.length ? (
          <ProductGrid products={newest.items} currency={store.currency} />
        ) : (
          <p className="text-slate-700">No products yet.</p>
        )}
      </section>
    </div>
  );
}
