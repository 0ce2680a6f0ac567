'use client';

import type { User } from '@emporium/contracts';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useRef, useState } from 'react';
import { AuthDone, AuthShell } from '@/components/forms/auth-shell';
import { api } from '@/lib/api/client';
import { useSession } from '@/lib/session';

function Verify() {
  const token = useSearchParams().get('token');
  const [state, setState] = useState<{ kind: 'working' } | { kind: 'done'; user: User } | { kind: 'failed'; message: string }>({
    kind: 'working',
  });
  const sent = useRef(false);

  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    if (!token) {
      setState({ kind: 'failed', message: 'This link has no token. Open the link from the e-mail again.' });
      return;
    }
    api<{ user: User }>('/auth/verify-email', { method: 'POST', body: { token } })
      .then(({ user }) => {
        const session = useSession.getState();
        if (session.user?.id === user.id) session.setUser(user);
        setState({ kind: 'done', user });
      })
      .catch((err) => setState({ kind: 'failed', message: (err as Error).message }));
  }, [token]);

  if (state.kind === 'working') return <p aria-busy="true">Verifying your e-mail address…</p>;
  if (state.kind === 'failed')
    return (
      <div role="alert" className="card">
        <p className="font-semibold">We could not verify your address.</p>
        <p className="mt-1 text-sm">{state.message}</p>
        <p className="mt-3 text-sm">You can ask for a new link from your account page.</p>
      </div>
    );
  return (
    <AuthDone>
      <p className="font-semibold">Thank you — {state.user.email} is verified.</p>
      <Link href="/products" className="btn-primary mt-4">
        Continue shopping
      </Link>
    </AuthDone>
  );
}

export default function VerifyEmailPage() {
  return (
    <AuthShell title="Verify your e-mail">
      <Suspense>
        <Verify />
      </Suspense>
    </AuthShell>
  );
}
