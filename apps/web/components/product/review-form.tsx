'use client';

import { type CreateReviewInput, CreateReviewSchema, ErrorCode, type Review } from '@emporium/contracts';
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { api } from '@/lib/api/client';
import { ApiError, applyFieldErrors } from '@/lib/api/errors';
import { toast } from '@/lib/toast';

type FormInput = z.input<typeof CreateReviewSchema>;

export function ReviewForm({
  productId,
  existing,
  onDone,
  onCancel,
}: {
  productId: string;
  existing?: Review;
  onDone: () => void;
  onCancel: () => void;
}) {
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<FormInput, unknown, CreateReviewInput>({
    resolver: zodResolver(CreateReviewSchema),
    defaultValues: { rating: existing?.rating ?? 5, title: existing?.title ?? '', body: existing?.body ?? '' },
  });

  async function submit(input: CreateReviewInput) {
    try {
      if (existing) await api(`/reviews/${existing.id}`, { method: 'PATCH', body: input });
      else await api(`/products/${productId}/reviews`, { method: 'POST', body: input });
      toast.success(existing ? 'Your review is updated' : 'Thanks for your review');
      onDone();
    } catch (err) {
      if (!applyFieldErrors(err, setError, ['rating', 'title', 'body'])) {
        toast.error(
          err instanceof ApiError && err.code === ErrorCode.ReviewExists
            ? 'You have already reviewed this product.'
            : (err as Error).message,
        );
      }
    }
  }

  return (
    <form onSubmit={handleSubmit(submit)} noValidate className="flex flex-col gap-3">
      <div>
        <label htmlFor="review-rating" className="label">
          Rating
        </label>
        <select id="review-rating" className="input w-auto" {...register('rating', { valueAsNumber: true })} aria-invalid={!!errors.rating}>
          {[5, 4, 3, 2, 1].map((r) => (
            <option key={r} value={r}>
              {r} star{r === 1 ? '' : 's'}
            </option>
          ))}
        </select>
        {errors.rating && <p className="field-error">{errors.rating.message}</p>}
      </div>
      <div>
        <label htmlFor="review-title" className="label">
          Title
        </label>
        <input
          id="review-title"
          className="input"
          {...register('title')}
          aria-invalid={!!errors.title}
          aria-describedby={errors.title ? 'review-title-error' : undefined}
        />
        {errors.title && (
          <p id="review-title-error" className="field-error">
            Title {errors.title.message}
          </p>
        )}
      </div>
      <div>
        <label htmlFor="review-body" className="label">
          Review
        </label>
        <textarea id="review-body" rows={4} className="input" {...register('body')} aria-invalid={!!errors.body} />
        {errors.body && <p className="field-error">{errors.body.message}</p>}
      </div>
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={isSubmitting}>
          {isSubmitting ? 'Saving…' : existing ? 'Save review' : 'Post review'}
        </button>
        <button type="button" className="btn-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
