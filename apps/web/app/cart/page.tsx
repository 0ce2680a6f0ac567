'use client';

import type { Cart, CartLine } from '@emporium/contracts';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { ProductImage } from '@/components/product-card';
import { RequireSession } from '@/components/require-session';
import { api } from '@/lib/api/client';
import { formatMoney } from '@/lib/format';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

const ISSUE_TEXT: Record<string, (line: CartLine, currency: string) => string> = {
  inactive: () => 'No longer sold — remove it to check out.',
  sold_out: () => 'Sold out — remove it to check out.',
  short: (line) => `Only ${line.availableQuantity} left — lower the quantity to check out.`,
  price_changed: (line, currency) =>
    `The price changed from ${formatMoney(line.addedPriceCents, currency)} to ${formatMoney(line.unitPriceCents, currency)}.`,
};

function CartView() {
  const [cart, setCart] = useState<Cart | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const show = useCallback((c: Cart) => {
    setCart(c);
    useSession.getState().setCartCount(c.itemCount);
  }, []);

  useEffect(() => {
    api<Cart>('/cart')
      .then(show)
      .catch((err) => setFailed((err as Error).message));
  }, [show]);

  async function change(productId: string, quantity: number) {
    setBusy(productId);
    try {
      show(
        quantity === 0
          ? await api<Cart>(`/cart/items/${productId}`, { method: 'DELETE' })
          : await api<Cart>(`/cart/items/${productId}`, { method: 'PATCH', body: { quantity } }),
      );
      if (quantity === 0) toast.success('Removed from your cart');
    } catch (err) {
      toast.error((err as Error).message);
    } finally {
      setBusy(null);
    }
  }

  if (failed)
    return (
      <p role="alert" className="card">
        {failed}
      </p>
    );
  if (!cart) return <div className="skeleton h-40 w-full" aria-busy="true" />;
  if (cart.items.length === 0) {
    return (
      <div className="card text-center">
        <p className="font-medium">Your cart is empty.</p>
        <Link href="/products" className="btn-primary mt-4">
          Start shopping
        </Link>
      </div>
    );
  }
  const blocked = cart.items.some((l) => l.issues.some((i) => i !== 'price_changed'));
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <ul className="flex flex-col gap-4">
        {cart.items.map((line) => (
          <li key={line.product.id} className="card flex gap-4" data-testid="cart-line">
            <div className="w-20 shrink-0 sm:w-28">
              <ProductImage product={line.product} size="thumbnail" />
            </div>
            <div className="flex flex-1 flex-col gap-2">
              <Link href={`/products/${line.product.slug}`} className="font-medium hover:underline">
                {line.product.name}
              </Link>
              <p className="text-sm text-slate-700">{formatMoney(line.unitPriceCents, cart.currency)} each</p>
              {line.issues.map((issue) => (
                <p
                  key={issue}
                  role="alert"
                  className={`text-sm font-medium ${issue === 'price_changed' ? 'text-amber-800' : 'text-red-700'}`}
                >
                  {ISSUE_TEXT[issue]?.(line, cart.currency)}
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
                  disabled={busy === line.product.id}
                  onChange={(e) => change(line.product.id, Number(e.target.value))}
                >
                  {Array.from({ length: Math.max(line.quantity, Math.min(line.availableQuantity, 20)) }, (_, i) => i + 1).map((n) => (
                    <option key={n} value={n}>
                      {n}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="text-sm text-red-700 underline"
                  onClick={() => change(line.product.id, 0)}
                  disabled={busy === line.product.id}
                >
                  Remove
                </button>
                <span className="ml-auto font-semibold">{formatMoney(line.lineTotalCents, cart.currency)}</span>
              </div>
            </div>
          </li>
        ))}
      </ul>
      <aside className="card h-fit" aria-label="Summary">
        <p className="flex justify-between text-lg font-semibold">
          <span>Subtotal</span>
          <span data-testid="cart-subtotal">{formatMoney(cart.subtotalCents, cart.currency)}</span>
        </p>
        <p className="mt-1 text-sm text-slate-700">Shipping and taxes are shown at checkout.</p>
        {blocked && <p className="mt-3 text-sm font-medium text-red-700">Fix the marked items to check out.</p>}
        {blocked ? (
          <button type="button" className="btn-primary mt-4 w-full" disabled>
            Check out
          </button>
        ) : (
          <Link href="/checkout" className="btn-primary mt-4 w-full">
            Check out
          </Link>
        )}
      </aside>
    </div>
  );
}

export default function CartPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Your cart</h1>
      <RequireSession>
        <CartView />
      </RequireSession>
    </>
  );
}
