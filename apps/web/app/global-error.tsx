'use client';

/** The last resort when even the layout could not render (e.g. the API is down at first load). */
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', padding: '4rem 1rem' }}>
        <h1>The shop is taking a short break</h1>
        <p>We could not reach the store just now. Please try again in a moment.</p>
        <button type="button" onClick={reset} style={{ padding: '0.5rem 1rem', fontWeight: 600 }}>
          Try again
        </button>
      </body>
    </html>
  );
}
