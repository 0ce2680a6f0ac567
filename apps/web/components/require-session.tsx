'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSession } from '@/lib/session';

/**
 * The signed-in user, once the session is known (`ready`); a visitor who turns out to be signed
 * out is sent to the login page, to come back here after.
 */
export function useSignedInOrLogin() {
  const { ready, user } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (ready && !user) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [ready, user, router, pathname]);
  return { ready, user };
}

/** Shows its children only to a signed-in user; anyone else goes to the login page and comes back. */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const { ready, user } = useSignedInOrLogin();
  if (!ready || !user) {
    return (
      <div aria-busy="true" className="flex flex-col gap-3">
        <div className="skeleton h-8 w-48" />
        <div className="skeleton h-24 w-full" />
      </div>
    );
  }
  return <>{children}</>;
}
