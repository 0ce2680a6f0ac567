import type { CartLine, CartLineIssue } from '@emporium/contracts';
import Link from 'next/link';
import { ProductImage } from '@/components/product-card';
import { formatMoney } from '@/lib/format';

const ISSUE_TEXT: Record<CartLineIssue, (line: CartLine, currency: string) => string> = {
  inactive: () => 'No longer sold — remove it to check out.',
  sold_out: () => 'Sold out — remove it to check out.',
  short: (line) => `Only ${line.availableQuantity} left — lower the quantity to check out.`,
  price_changed: (line, currency) =>
    `The price changed from ${formatMoney(line.addedPriceCents, currency)} to ${formatMoney(line.unitPriceCents, currency)}.`,
};

/**
 * One cart line: the product, its price, what changed since it was added (each a role="alert"
 * line), a quantity picker up to what is in stock (at most 20 at a time) and Remove.
 * `onChange(productId, 0)` removes the line.
 */
export function CartLineItem({
  line,
  currency,
  busy,
  onChange,
}: {
  line: CartLine;
  currency: string;
  /** A change of this line is on its way: its controls wait. */
  busy: boolean;
  onChange: (productId: string, quantity: number) => void;
}) {
  return (
    <li className="card flex gap-4" data-testid="cart-line">
      <div className="w-20 shrink-0 sm:w-28">
        <ProductImage product={line.product} size="thumbnail" />
      </div>
      <div className="flex flex-1 flex-col gap-2">
        <Link href={`/products/${line.product.slug}`} className="font-medium hover:underline">
          {line.product.name}
        </Link>
        <p className="text-sm text-slate-700">{formatMoney(line.unitPriceCents, currency)} each</p>
        {line.issues.map((issue) => (
          <p key={issue} role="alert" className={`text-sm font-medium ${issue === 'price_changed' ? 'text-amber-800' : 'text-red-700'}`}>
            {ISSUE_TEXT[issue](line, currency)}
          </p>
        ))}
        <div className="flex flex-wrap items-center gap-3">
          <label htmlFor={`qty-${line.product.id}`} className="text-sm">
            Quantity
          </label>
          <select
            id={`qty-${line.product.id}`}
            className="input w-20"
            value={line.quantity}
            disabled={busy}
            onChange={(e) => onChange(line.product.id, Number(e.target.value))}
          >
            {Array.from({ length: Math.max(line.quantity, Math.min(line.availableQuantity, 20)) }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <button type="button" className="text-sm text-red-700 underline" onClick={() => onChange(line.product.id, 0)} disabled={busy}>
            Remove
          </button>
          <span className="ml-auto font-semibold">{formatMoney(line.lineTotalCents, currency)}</span>
        </div>
      </div>
    </li>
  );
}
