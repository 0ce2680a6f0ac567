'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { api } from '@/lib/api/client';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

export function AccountNav() {
  const { ready, user, cartCount } = useSession();
  const router = useRouter();

  async function logout() {
    try {
      await api('/auth/logout', { method: 'POST' });
    } catch {
      // Signed out locally either way.
    }
    useSession.getState().signedOut();
    toast.success('You are signed out');
    router.push('/');
  }

  return (
    <nav aria-label="Account" className="flex items-center gap-3 text-sm whitespace-nowrap">
      {!ready ? (
        <span className="skeleton h-5 w-16" aria-hidden="true" />
      ) : user ? (
        <>
          {user.role === 'admin' && (
            <Link href="/admin" className="font-medium hover:underline">
              Admin
            </Link>
          )}
          <Link href="/account" className="font-medium hover:underline">
            Account
          </Link>
          <button type="button" onClick={logout} className="font-medium hover:underline">
            Log out
          </button>
        </>
      ) : (
        <>
          <Link href="/login" className="font-medium hover:underline">
            Log in
          </Link>
          <Link href="/register" className="hidden font-medium hover:underline sm:inline">
            Register
          </Link>
        </>
      )}
      <Link
        href="/cart"
        className="relative rounded-md px-2 py-1 font-medium hover:bg-slate-100"
        aria-label={`Cart, ${cartCount} item${cartCount === 1 ? '' : 's'}`}
      >
        Cart
        {cartCount > 0 && (
          <span className="ml-1 rounded-full bg-brand-700 px-2 py-0.5 text-xs font-bold text-white" data-testid="cart-count">
            {cartCount}
          </span>
        )}
      </Link>
    </nav>
  );
}
