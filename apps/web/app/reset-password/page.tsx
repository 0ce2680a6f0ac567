'use client';

import { ResetPasswordSchema } from '@emporium/contracts';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { Suspense, useState } from 'react';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { useSchemaForm } from '@/lib/forms';

const NewPasswordSchema = ResetPasswordSchema.pick({ password: true });

function ResetForm() {
  const token = useSearchParams().get('token') ?? '';
  const [done, setDone] = useState(false);
  const { register, errors, submitting, failure, onSubmit } = useSchemaForm(
    NewPasswordSchema,
    async ({ password }: { password: string }) => {
      await api('/auth/reset-password', { method: 'POST', body: { token, password } });
      setDone(true);
    },
  );

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
    <AuthForm onSubmit={onSubmit} failure={failure} submitLabel="Set new password" submitting={submitting} disabled={!token}>
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
