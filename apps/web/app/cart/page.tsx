'use client';

import type { Cart } from '@emporium/contracts';
import Link from 'next/link';
import { useCallback, useEffect, useState } from 'react';
import { CartLineItem } from '@/components/cart/cart-line';
import { EmptyCart } from '@/components/cart/empty-cart';
import { RequireSession } from '@/components/require-session';
import { api } from '@/lib/api/client';
import { formatMoney } from '@/lib/format';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

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
    return <EmptyCart />;
  }
  const blocked = cart.items.some((l) => l.issues.some((i) => i !== 'price_changed'));
  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_18rem]">
      <ul className="flex flex-col gap-4">
        {cart.items.map((line) => (
          <CartLineItem key={line.product.id} line={line} currency={cart.currency} busy={busy === line.product.id} onChange={change} />
        ))}
      </ul>
      <aside className="card h-fit" aria-label="Summary">
        <p className="flex justify-between text-lg font-semibold">
          <span>Subtotal</span>
          <span data-testid="cart-subtotal">{formatMoney(cart.subtotalCents, cart.currency)}</span>
        </p>
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
