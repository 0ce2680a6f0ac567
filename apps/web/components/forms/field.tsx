import type { FieldError, UseFormRegisterReturn } from 'react-hook-form';

/** A labelled input with its error message wired up for screen readers. */
export function Field({
  id,
  label,
  error,
  registration,
  type = 'text',
  autoComplete,
  hint,
}: {
  id: string;
  label: string;
  error?: FieldError;
  registration: UseFormRegisterReturn;
  type?: string;
  autoComplete?: string;
  hint?: string;
}) {
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input
        id={id}
        type={type}
        autoComplete={autoComplete}
        className="input"
        aria-invalid={!!error}
        aria-describedby={describedBy}
        {...registration}
      />
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-700">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error.message?.match(/^[A-Z]/) ? error.message : `${label} ${error.message}`}
        </p>
      )}
    </div>
  );
}
