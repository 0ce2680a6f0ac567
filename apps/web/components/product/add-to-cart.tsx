'use client';

import type { Cart } from '@emporium/contracts';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { api } from '@/lib/api/client';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

export function AddToCart({ productId, stock }: { productId: string; stock: number }) {
  const router = useRouter();
  const user = useSession((s) => s.user);
  // Until the session is restored from the refresh cookie, a signed-in shopper looks signed
  // out: a click then would send them to the login page.
  const ready = useSession((s) => s.ready);
  const [quantity, setQuantity] = useState(1);
  const [busy, setBusy] = useState(false);
  const max = Math.min(stock, 999);

  if (stock <= 0) {
    return (
      <p className="rounded-md bg-slate-100 px-4 py-3 font-semibold text-slate-800" role="status">
        Sold out — check back soon.
      </p>
    );
  }

  async function add() {
    if (!user) {
      toast.info('Log in to add items to your cart');
      router.push(`/login?next=${encodeURIComponent(window.location.pathname)}`);
      return;
    }
    setBusy(true);
    try {
      const cart = await api<Cart>('/cart/items', { method: 'POST', body: { productId, quantity } });
      useSession.getState().setCartCount(cart.itemCount);
      toast.success('Added to your cart', { action: { label: 'View cart', onClick: () => router.push('/cart') } });
    } catch (err) {
      // An INSUFFICIENT_STOCK answer says how many are left.
      toast.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex items-end gap-3">
      <div>
        <label htmlFor="quantity" className="label">
          Quantity
        </label>
        <input
          id="quantity"
          type="number"
          min={1}
          max={max}
          value={quantity}
          onChange={(e) => setQuantity(Math.max(1, Math.min(max, Math.floor(Number(e.target.value)) || 1)))}
          className="input w-24"
        />
      </div>
      <button type="button" className="btn-primary" onClick={add} disabled={busy || !ready}>
        {busy ? 'Adding…' : 'Add to cart'}
      </button>
    </div>
  );
}
