import { formatMoney } from '@/lib/format';

/** The price, with the compare-at price struck through when the product is on sale. */
export function Price({
  cents,
  compareAtCents,
  currency,
  large,
}: {
  cents: number;
  compareAtCents: number | null;
  currency: string;
  large?: boolean;
}) {
  return (
    <span className={`inline-flex items-baseline gap-2 ${large ? 'text-2xl' : 'text-base'}`}>
      <span className="font-semibold">{formatMoney(cents, currency)}</span>
      {compareAtCents !== null && compareAtCents > cents && (
        <>
          <s className="text-slate-600">
            <span className="sr-only">was </span>
            {formatMoney(compareAtCents, currency)}
          </s>
          <span className="rounded bg-red-100 px-1.5 py-0.5 text-xs font-semibold text-red-800">
            Save {Math.round(((compareAtCents - cents) / compareAtCents) * 100)}%
          </span>
        </>
      )}
    </span>
  );
}
