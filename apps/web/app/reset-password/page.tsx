'use client';

import { ResetPasswordSchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { useForm } from 'react-hook-form';
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
      <div className="card" role="status">
        <p className="font-semibold">Your password is changed.</p>
        <Link href="/login" className="btn-primary mt-4">
          Log in
        </Link>
      </div>
    );
  return (
    <form onSubmit={handleSubmit(submit)} noValidate className="card flex flex-col gap-4">
      <Field
        id="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.password}
        registration={register('password')}
      />
      {failure && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {failure}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={isSubmitting || !token}>
        Set new password
      </button>
    </form>
  );
}

export default function ResetPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">Choose a new password</h1>
      <Suspense>
        <ResetForm />
      </Suspense>
    </div>
  );
}
