'use client';

import { ResetPasswordSchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { applyFieldErrors } from '@/lib/api/errors';

const NewPasswordSchema = ResetPasswordSchema.pick({ password: true });

function ResetForm() {
  const token = useSearchParams().get('token') ?? '';
  const [done, setDone] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<{ password: string }>({ resolver: zodResolver(NewPasswordSchema) });

  async function submit({ password }: { password: string }) {
    setFailure(null);
    try {
      await api('/auth/reset-password', { method: 'POST', body: { token, password } });
      setDone(true);
    } catch (err) {
      if (!applyFieldErrors(err, setError, ['password'])) setFailure((err as Error).message);
    }
  }

  if (done)
    return (
      <AuthDone>
        <p className="font-semibold">Your password is changed.</p>
        <Link href="/login" className="btn-primary mt-4">
          Log in
        </Link>
      </AuthDone>
    );
  return (
    <AuthForm onSubmit={handleSubmit(submit)} failure={failure} submitLabel="Set new password" submitting={isSubmitting} disabled={!token}>
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.password}
        registration={register('password')}
      />
    </AuthForm>
  );
}

export default function ResetPasswordPage() {
  return (
    <AuthShell title="Choose a new password">
      <Suspense>
        <ResetForm />
      </Suspense>
    </AuthShell>
  );
}
