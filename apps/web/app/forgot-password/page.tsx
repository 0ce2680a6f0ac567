'use client';

import { EmailOnlySchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';

export default function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<{ email: string }>({ resolver: zodResolver(EmailOnlySchema) });

  async function submit({ email }: { email: string }) {
    setFailure(null);
    try {
      await api('/auth/forgot-password', { method: 'POST', body: { email } });
      setSentTo(email);
    } catch (err) {
      setFailure((err as Error).message);
    }
  }

  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">Reset your password</h1>
      {sentTo ? (
        <p className="card" role="status">
          If an account exists for {sentTo}, we have e-mailed it a link to choose a new password. The link works once and expires soon.
        </p>
      ) : (
        <form onSubmit={handleSubmit(submit)} noValidate className="card flex flex-col gap-4">
          <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} registration={register('email')} />
          {failure && (
            <p role="alert" className="text-sm font-medium text-red-700">
              {failure}
            </p>
          )}
          <button type="submit" className="btn-primary" disabled={isSubmitting}>
            Send reset link
          </button>
        </form>
      )}
    </div>
  );
}
