'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { type DefaultValues, type FieldValues, type Resolver, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { applyFieldErrors } from './api/errors';

export interface SchemaFormOptions<T extends FieldValues> {
  defaultValues?: DefaultValues<T>;
  /** Where a failure that names no field goes (default: `failure`, shown by the form). */
  onFailure?: (message: string) => void;
}

/**
 * A form held to one of the shared schemas (`@emporium/contracts`) before `send` gives its
 * values to the API. The API's field errors land on their fields; any other failure becomes
 * `failure` (or goes to `onFailure`). `onSubmit` is the form's submit handler.
 */
export function useSchemaForm<T extends FieldValues>(
  schema: z.ZodObject & z.ZodType<T>,
  send: (values: T) => Promise<void>,
  { defaultValues, onFailure }: SchemaFormOptions<T> = {},
) {
  const [failure, setFailure] = useState<string | null>(null);
  // The schemas these forms use parse to what they take in (no transforms), so one type serves both.
  const form = useForm<T>({ resolver: zodResolver(schema as never) as unknown as Resolver<T>, defaultValues });
  /** The fields an API refusal may name: the schema's own. */
  const named = Object.keys(schema.shape);
  const onSubmit = form.handleSubmit(async (values) => {
    setFailure(null);
    try {
      await send(values);
    } catch (err) {
      if (applyFieldErrors(err, form.setError, named)) return;
      const message = (err as Error).message;
      if (onFailure) onFailure(message);
      else setFailure(message);
    }
  });
  return { ...form, errors: form.formState.errors, submitting: form.formState.isSubmitting, failure, onSubmit };
}
