'use client';

import type { Cart } from '@emporium/contracts';
import dynamic from 'next/dynamic';
import { useEffect } from 'react';
import { api, refreshSession } from '@/lib/api/client';
import { useSession } from '@/lib/session';

// Loaded after the page is interactive: nothing on first paint needs it.
const Toaster = dynamic(() => import('sonner').then((m) => m.Toaster), { ssr: false });

/** Restores the session from the refresh cookie once per page load, then keeps the cart badge current. */
export function Providers({ children }: { children: React.ReactNode }) {
  const userId = useSession((s) => s.user?.id);
  useEffect(() => {
    void refreshSession();
  }, []);
  useEffect(() => {
    if (!userId) return;
    api<Cart>('/cart')
      .then((cart) => useSession.getState().setCartCount(cart.itemCount))
      .catch(() => {});
  }, [userId]);
  return (
    <>
      {children}
      <Toaster position="top-center" richColors closeButton />
    </>
  );
}
