'use client';

import type { FormEvent, ReactNode } from 'react';

/**
 * The filters above an admin list, in one card. Selects and dates apply as they change (each
 * writes the URL, see useUrlFilters); text filters apply on Enter or `submitLabel`.
 */
export function FilterBar({
  children,
  onSubmit,
  submitLabel,
  onClear,
  className = 'sm:grid-cols-3 lg:grid-cols-5',
}: {
  children: ReactNode;
  /** Applies the text filters; the bar is then a form (Enter submits). */
  onSubmit?: () => void;
  submitLabel?: string;
  /** Shows "Clear filters". */
  onClear?: () => void;
  /** The grid's columns per breakpoint. */
  className?: string;
}) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };
  const actions = (submitLabel || onClear) && (
    <div className="flex items-end gap-2">
      {submitLabel && (
        <button type="submit" className="btn-secondary">
          {submitLabel}
        </button>
      )}
      {onClear && (
        <button type="button" className="whitespace-nowrap text-sm underline" onClick={onClear}>
          Clear filters
        </button>
      )}
    </div>
  );
  const classes = `card grid gap-3 ${className}`;
  return (
    <search aria-label="Filters">
      {onSubmit ? (
        <form className={classes} onSubmit={submit}>
          {children}
          {actions}
        </form>
      ) : (
        <div className={classes}>
          {children}
          {actions}
        </div>
      )}
    </search>
  );
}

function Labelled({ id, label, children, className }: { id: string; label: string; children: ReactNode; className?: string }) {
  return (
    <div className={className}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A choice among fixed values; '' is "any" (`anyLabel`). */
export function SelectFilter({
  id,
  label,
  value,
  options,
  anyLabel = 'Any',
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
  anyLabel?: string;
  onChange: (value: string) => void;
}) {
  return (
    <Labelled id={id} label={label}>
      <select id={id} className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </Labelled>
  );
}

/** A yes/no query parameter ('true' / 'false'; '' is either, `anyLabel`). */
export function BooleanFilter({ yes, no, ...props }: Omit<Parameters<typeof SelectFilter>[0], 'options'> & { yes: string; no: string }) {
  return (
    <SelectFilter
      {...props}
      options={[
        ['true', yes],
        ['false', no],
      ]}
    />
  );
}

/** A calendar day (YYYY-MM-DD), applied as it changes. */
export function DateFilter({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Labelled id={id} label={label}>
      <input id={id} type="date" className="input" value={value} onChange={(e) => onChange(e.target.value)} />
    </Labelled>
  );
}

/** Free text, applied when the bar is submitted (the caller keeps the draft). */
export function TextFilter({
  id,
  label,
  value,
  onChange,
  placeholder,
  suggestions,
  monospace,
  className,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  /** Offered as the user types (a datalist). */
  suggestions?: readonly string[];
  monospace?: boolean;
  className?: string;
}) {
  return (
    <Labelled id={id} label={label} className={className}>
      <input
        id={id}
        type="search"
        className={`input ${monospace ? 'font-mono' : ''}`}
        value={value}
        placeholder={placeholder}
        list={suggestions ? `${id}-suggestions` : undefined}
        onChange={(e) => onChange(e.target.value)}
      />
      {suggestions && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
      )}
    </Labelled>
  );
}
