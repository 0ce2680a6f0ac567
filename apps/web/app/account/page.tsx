'use client';

import {
  type ChangePasswordInput,
  ChangePasswordSchema,
  type UpdateProfileInput,
  UpdateProfileSchema,
  type User,
} from '@emporium/contracts';
import Link from 'next/link';
import { Field } from '@/components/forms/field';
import { RequireSession } from '@/components/require-session';
import { api } from '@/lib/api/client';
import { formatDate } from '@/lib/format';
import { useSchemaForm } from '@/lib/forms';
import { useSession } from '@/lib/session';
import { toast } from '@/lib/toast';

function Profile({ user }: { user: User }) {
  const { register, errors, submitting, onSubmit } = useSchemaForm(
    UpdateProfileSchema,
    async (input: UpdateProfileInput) => {
      const { user: updated } = await api<{ user: User }>('/users/me', { method: 'PATCH', body: input });
      useSession.getState().setUser(updated);
      toast.success('Profile saved');
    },
    { defaultValues: { fullName: user.fullName }, onFailure: toast.error },
  );

  async function resend() {
    try {
      await api('/auth/resend-verification', { method: 'POST', body: { email: user.email } });
      toast.success(`We sent a new verification link to ${user.email}`);
    } catch (err) {
      toast.error((err as Error).message);
    }
  }

  return (
    <section className="card flex flex-col gap-4" aria-labelledby="profile-heading">
      <h2 id="profile-heading" className="text-lg font-semibold">
        Profile
      </h2>
      <p className="text-sm">
        {user.email} · member since {formatDate(user.createdAt)}
      </p>
      {!user.isVerified && (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
          Your e-mail address is not verified yet; you need it verified to place orders.{' '}
          <button type="button" className="font-semibold underline" onClick={resend}>
            Send the link again
          </button>
        </p>
      )}
      <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
        <Field id="fullName" label="Full name" autoComplete="name" error={errors.fullName} registration={register('fullName')} />
        <button type="submit" className="btn-primary self-start" disabled={submitting}>
          Save profile
        </button>
      </form>
    </section>
  );
}

function ChangePassword() {
  const { register, errors, submitting, onSubmit, reset } = useSchemaForm(
    ChangePasswordSchema,
    async (input: ChangePasswordInput) => {
      await api('/auth/change-password', { method: 'POST', body: input });
      reset({ currentPassword: '', newPassword: '' });
      toast.success('Password changed; your other sessions were signed out');
    },
    { onFailure: toast.error },
  );

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading" className="text-lg font-semibold">
        Change password
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-3 flex flex-col gap-3">
        <Field
          id="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword}
          registration={register('currentPassword')}
        />
        <Field
          id="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          error={errors.newPassword}
          registration={register('newPassword')}
        />
        <button type="submit" className="btn-primary self-start" disabled={submitting}>
          Change password
        </button>
      </form>
    </section>
  );
}

function Account() {
  const user = useSession((s) => s.user);
  if (!user) return null;
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <Profile user={user} />
      <ChangePassword />
      <section className="card md:col-span-2">
        <h2 className="text-lg font-semibold">Orders</h2>
        <Link href="/account/orders" className="btn-secondary mt-3">
          See your order history
        </Link>
      </section>
    </div>
  );
}

export default function AccountPage() {
  return (
    <>
      <h1 className="mb-4 text-2xl font-bold">Your account</h1>
      <RequireSession>
        <Account />
      </RequireSession>
    </>
  );
}
