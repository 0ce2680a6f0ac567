'use client';

import { type LoginInput, LoginSchema, type TokenPair } from '@emporium/contracts';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { useSchemaForm } from '@/lib/forms';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

/** Only paths on this site: a crafted `next` must not send the user elsewhere. */
function safeNext(next: string | null): string {
  // `//host` and `/\host` are other sites to a browser.
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const { register, errors, submitting, failure, onSubmit } = useSchemaForm(LoginSchema, async (input: LoginInput) => {
    const pair = await api<TokenPair>('/auth/login', { method: 'POST', body: input });
    useSession.getState().signedIn(pair);
    toast.success(`Welcome back, ${pair.user.fullName}`);
    router.push(safeNext(params.get('next')));
  });

  return (
    <AuthForm
      onSubmit={onSubmit}
      failure={failure}
      submitLabel="Log in"
      busyLabel="Logging in…"
      submitting={submitting}
      footer={
        <div className="flex justify-between text-sm">
          <Link href="/forgot-password" className="underline">
            Forgot your password?
          </Link>
          <Link href="/register" className="underline">
            Create an account
          </Link>
        </div>
      }
    >
      <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} registration={register('email')} />
      <Field
        id="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        registration={register('password')}
      />
    </AuthForm>
  );
}

export default function LoginPage() {
  return (
    <AuthShell title="Log in">
      <Suspense>
        <LoginForm />
      </Suspense>
    </AuthShell>
  );
}
