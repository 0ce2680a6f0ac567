'use client';

import { type RegisterInput, RegisterSchema, type TokenPair } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Field } from '@/components/forms/field';
import { api } from '@/lib/api/client';
import { applyFieldErrors } from '@/lib/api/errors';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

export default function RegisterPage() {
  const router = useRouter();
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<RegisterInput>({ resolver: zodResolver(RegisterSchema) });

  async function submit(input: RegisterInput) {
    setFailure(null);
    try {
      await api('/auth/register', { method: 'POST', body: input });
      const pair = await api<TokenPair>('/auth/login', { method: 'POST', body: { email: input.email, password: input.password } });
      useSession.getState().signedIn(pair);
      toast.success(`Welcome! We sent a verification link to ${input.email}.`);
      router.push('/account');
    } catch (err) {
      if (!applyFieldErrors(err, setError, ['email', 'password', 'fullName'])) setFailure((err as Error).message);
    }
  }

  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">Create your account</h1>
      <form onSubmit={handleSubmit(submit)} noValidate className="card flex flex-col gap-4">
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
        {failure && (
          <p role="alert" className="text-sm font-medium text-red-700">
            {failure}
          </p>
        )}
        <button type="submit" className="btn-primary" disabled={isSubmitting}>
          {isSubmitting ? 'Creating account…' : 'Create account'}
        </button>
        <p className="text-sm">
          Already have an account?{' '}
          <Link href="/login" className="underline">
            Log in
          </Link>
        </p>
      </form>
    </div>
  );
}
