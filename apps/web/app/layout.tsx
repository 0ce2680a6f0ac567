import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { AccountNav } from '@/components/account-nav';
import { Providers } from '@/components/providers';
import { SearchBox } from '@/components/search-box';
import { getStore } from '@/lib/api/server';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const name = await getStore()
    .then((s) => s.name)
    .catch(() => 'Emporium');
  return {
    metadataBase: new URL(process.env.PUBLIC_WEB_URL ?? 'http://localhost:3000'),
    title: { default: name, template: `%s · ${name}` },
    description: `Shop ${name}: quality goods, fair prices, fast delivery.`,
    openGraph: { siteName: name, type: 'website' },
  };
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const name = await getStore()
    .then((s) => s.name)
    .catch(() => 'Emporium');
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2">
          Skip to content
        </a>
        <Providers>
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-3 px-4 py-3 sm:flex-nowrap">
              <Link href="/" className="text-xl font-bold tracking-tight text-brand-800">
                {name}
              </Link>
              <Link href="/products" className="text-sm font-medium hover:underline">
                Shop
              </Link>
              <div className="order-last w-full sm:order-none sm:flex-1">
                <Suspense fallback={<div className="skeleton h-9 w-full" />}>
                  <SearchBox />
                </Suspense>
              </div>
              <div className="ml-auto sm:ml-0">
                <AccountNav />
              </div>
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
            {children}
          </main>
          <footer className="border-t border-slate-200 bg-slate-50 py-6 text-center text-sm text-slate-700">
            © {name} ·{' '}
            <Link href="/products" className="underline">
              All products
            </Link>
          </footer>
        </Providers>
      </body>
    </html>
  );
}
