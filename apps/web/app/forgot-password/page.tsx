'use client';

import { EmailOnlySchema } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
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
    <AuthShell title="Reset your password">
      {sentTo ? (
        <AuthDone>
          If an account exists for {sentTo}, we have e-mailed it a link to choose a new password. The link works once and expires soon.
        </AuthDone>
      ) : (
        <AuthForm onSubmit={handleSubmit(submit)} failure={failure} submitLabel="Send reset link" submitting={isSubmitting}>
          <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} registration={register('email')} />
        </AuthForm>
      )}
    </AuthShell>
  );
}
