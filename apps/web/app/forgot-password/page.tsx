'use client';

import { EmailOnlySchema } from '@emporium/contracts';
import { useState } from 'react';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { useSchemaForm } from '@/lib/forms';

export default function ForgotPasswordPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, errors, submitting, failure, onSubmit } = useSchemaForm(EmailOnlySchema, async ({ email }: { email: string }) => {
    await api('/auth/forgot-password', { method: 'POST', body: { email } });
    setSentTo(email);
  });

  return (
    <AuthShell title="Reset your password">
      {sentTo ? (
        <AuthDone>
          If an account exists for {sentTo}, we have e-mailed it a link to choose a new password. The link works once and expires soon.
        </AuthDone>
      ) : (
        <AuthForm onSubmit={onSubmit} failure={failure} submitLabel="Send reset link" submitting={submitting}>
          <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} registration={register('email')} />
        </AuthForm>
      )}
    </AuthShell>
  );
}
