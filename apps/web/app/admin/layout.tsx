'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useSignedInOrLogin } from '@/components/require-session';

const SECTIONS = [
  ['/admin', 'Dashboard'],
  ['/admin/products', 'Products'],
  ['/admin/categories', 'Categories'],
  ['/admin/orders', 'Orders'],
  ['/admin/customers', 'Customers'],
  ['/admin/reviews', 'Reviews'],
  ['/admin/audit-log', 'Audit log'],
] as const;

/** The back office: admins only. Signed-out visitors go to the login page; customers see 403. */
export default function AdminLayout({ children }: { children: React.ReactNode }) {
  const { ready, user } = useSignedInOrLogin();
  const pathname = usePathname();

  if (!ready || !user) return <div className="skeleton h-64 w-full" aria-busy="true" />;
  if (user.role !== 'admin') {
    return (
      <div className="mx-auto max-w-md py-12 text-center" role="alert">
        <p className="text-sm font-semibold text-red-700">403</p>
        <h1 className="mt-2 text-2xl font-bold">Admins only</h1>
        <p className="mt-2 text-slate-700">Your account does not have access to the back office.</p>
        <Link href="/" className="btn-primary mt-6">
          Back to the shop
        </Link>
      </div>
    );
  }
  return (
    <div className="grid gap-6 lg:grid-cols-[12rem_1fr]">
      <nav aria-label="Admin" className="flex gap-1 overflow-x-auto lg:flex-col">
        {SECTIONS.map(([href, label]) => {
          const active = href === '/admin' ? pathname === '/admin' : pathname.startsWith(href);
          return (
            <Link
              key={href}
              href={href}
              aria-current={active ? 'page' : undefined}
              className={`whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${active ? 'bg-brand-700 text-white' : 'hover:bg-slate-100'}`}
            >
              {label}
            </Link>
          );
        })}
      </nav>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
