import type { FormEvent, ReactNode } from 'react';

/** The frame every sign-in, registration and recovery page shares: a narrow column under its title. */
export function AuthShell({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-2xl font-bold">{title}</h1>
      {children}
    </div>
  );
}

/**
 * An auth form: its fields, the reason the last attempt failed (role="alert"), the submit
 * button (`busyLabel` while submitting) and links under it. Browser validation is off: the
 * shared zod schema checks the fields and each says what is wrong with it.
 */
export function AuthForm({
  onSubmit,
  failure,
  submitLabel,
  busyLabel,
  submitting,
  disabled,
  footer,
  children,
}: {
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  failure: string | null;
  submitLabel: string;
  busyLabel?: string;
  submitting: boolean;
  /** The form cannot be sent at all (e.g. a reset link without its token). */
  disabled?: boolean;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="card flex flex-col gap-4">
      {children}
      {failure && (
        <p role="alert" className="text-sm font-medium text-red-700">
          {failure}
        </p>
      )}
      <button type="submit" className="btn-primary" disabled={submitting || disabled}>
        {submitting && busyLabel ? busyLabel : submitLabel}
      </button>
      {footer}
    </form>
  );
}

/** What an auth page shows once its form has done its work. */
export function AuthDone({ children }: { children: ReactNode }) {
  return (
    <div className="card" role="status">
      {children}
    </div>
  );
}
