'use client';

import type { Cart } from '@emporium/contracts';
import { useEffect } from 'react';
import { Toaster } from 'sonner';
import { api, refreshSession } from '@/lib/api/client';
import { useSession } from '@/lib/session';

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
