'use client';

import { type RegisterInput, RegisterSchema } from '@emporium/contracts';
import Link from 'next/link';
import { useState } from 'react';
import { AuthDone, AuthForm, AuthShell } from '@/components/forms/auth-shell';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { useSchemaForm } from '@/lib/forms';

export default function RegisterPage() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { register, errors, submitting, failure, onSubmit } = useSchemaForm(RegisterSchema, async (input: RegisterInput) => {
    // The answer is the same whether or not the address already has an account (it is not
    // revealed to whoever types it in): the mailbox's owner learns which it was.
    await api('/auth/register', { method: 'POST', body: input });
    setSentTo(input.email);
  });

  return (
    <AuthShell title="Create your account">
      {sentTo ? (
        <AuthDone>
          <p className="font-semibold">Check your inbox</p>
          <p className="mt-1 text-sm">
            We have sent a message to {sentTo}. Open the link in it to confirm your address, then log in. If you already had an account with
            this address, the message tells you how to sign in or reset your password.
          </p>
          <Link href="/login" className="btn-primary mt-4">
            Go to log in
          </Link>
        </AuthDone>
      ) : (
        <AuthForm
          onSubmit={onSubmit}
          failure={failure}
          submitLabel="Create account"
          busyLabel="Creating account…"
          submitting={submitting}
          footer={
            <p className="text-sm">
              Already have an account?{' '}
              <Link href="/login" className="underline">
                Log in
              </Link>
            </p>
          }
        >
          <Field id="fullName" label="Full name" autoComplete="name" error={errors.fullName} registration={register('fullName')} />
          <Field id="email" label="E-mail" type="email" autoComplete="email" error={errors.email} registration={register('email')} />
          <Field
            id="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters; common passwords are refused."
            error={errors.password}
            registration={register('password')}
          />
        </AuthForm>
      )}
    </AuthShell>
  );
}
