'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { useSession } from '@/lib/session';

/** Shows its children only to a signed-in user; anyone else goes to the login page and comes back. */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const { ready, user } = useSession();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (ready && !user) router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [ready, user, router, pathname]);
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
