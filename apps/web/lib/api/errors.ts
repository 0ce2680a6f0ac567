import type { ErrorBody } from '@emporium/contracts';

/** A failed API call: the HTTP status and, when the API answered, its JSON error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody | null,
    message?: string,
  ) {
    super(message ?? body?.detail ?? `Request failed (${status})`);
    this.name = 'ApiError';
  }

  /** The API's stable error code (`OUT_OF_STOCK`, `EMAIL_NOT_VERIFIED`, …). */
  get code(): string | undefined {
    return this.body?.error;
  }

  /** True when the API could not be reached at all (down, network gone). */
  get unreachable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export const UNREACHABLE_MESSAGE = 'The shop cannot be reached right now. Please try again in a moment.';

/** Reads a response as JSON, turning any non-2xx answer into an ApiError. */
export async function readResponse<T>(res: Response): Promise<T> {
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = body && typeof body === 'object' && 'error' in body ? (body as ErrorBody) : null;
    throw new ApiError(res.status, error, error ? undefined : res.status >= 500 ? UNREACHABLE_MESSAGE : undefined);
  }
  return body as T;
}

/** Copies the API's field errors onto a react-hook-form form; returns true if any matched. */
export function applyFieldErrors(
  error: unknown,
  setError: (field: never, e: { type: string; message: string }) => void,
  fields: readonly string[],
): boolean {
  if (!(error instanceof ApiError) || !error.body?.errors) return false;
  let matched = false;
  for (const fieldError of error.body.errors) {
    const field = fields.find(
      (f) => fieldError.field === f || fieldError.field.endsWith(`.${f}`) || fieldError.field === f.split('.').at(-1),
    );
    if (field) {
      setError(field as never, { type: 'server', message: `${labelOf(field)} ${fieldError.message}` });
      matched = true;
    }
  }
  return matched;
}

function labelOf(field: string): string {
  const last = field.split('.').at(-1) ?? field;
  const words = last.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
