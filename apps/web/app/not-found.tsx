import Link from 'next/link';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md py-12 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="mt-2 text-2xl font-bold">We could not find that page</h1>
      <p className="mt-2 text-slate-700">It may have moved, or the product is no longer sold.</p>
      <Link href="/products" className="btn-primary mt-6">
        Browse the shop
      </Link>
    </div>
  );
}
