'use client';

import Link from 'next/link';

/** Any failure while rendering a page — most often the API being unreachable. */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto max-w-md py-12 text-center" role="alert">
      <h1 className="text-2xl font-bold">The shop is taking a short break</h1>
      <p className="mt-2 text-slate-700">We could not load this page just now. Please try again in a moment.</p>
      <div className="mt-6 flex justify-center gap-3">
        <button type="button" className="btn-primary" onClick={reset}>
          Try again
        </button>
        <Link href="/" className="btn-secondary">
          Home
        </Link>
      </div>
    </div>
  );
}
