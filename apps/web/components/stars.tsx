/** A rating as five stars, with the number for screen readers. */
export function Stars({ rating, count, size = 'sm' }: { rating: number | null; count?: number; size?: 'sm' | 'lg' }) {
  const value = rating ?? 0;
  const label =
    rating === null
      ? 'No ratings yet'
      : `Rated ${value.toFixed(1)} out of 5${count !== undefined ? ` from ${count} review${count === 1 ? '' : 's'}` : ''}`;
  return (
    <span className={`inline-flex items-center gap-1 ${size === 'lg' ? 'text-lg' : 'text-sm'}`} role="img" aria-label={label}>
      <span aria-hidden="true" className="text-amber-600">
        {[1, 2, 3, 4, 5].map((i) => (i <= Math.round(value) ? '★' : '☆')).join('')}
      </span>
      {count !== undefined && (
        <span aria-hidden="true" className="text-slate-600">
          {rating === null ? 'No reviews' : `${value.toFixed(1)} (${count})`}
        </span>
      )}
    </span>
  );
}
