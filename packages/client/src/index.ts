import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { components, operations, paths } from './schema.js';

export type { components, operations, paths };

/** The JSON body of every 4xx/5xx answer of the API (`docs/api.md`, Conventions). */
export type ApiErrorBody = components['schemas']['ErrorBody'];

/** A client whose paths, parameters, bodies, answers and error bodies are typed from the OpenAPI document. */
export type EmporiumClient = Client<paths, 'application/json'>;

export interface EmporiumClientOptions extends ClientOptions {
  /** Where the API is, e.g. `https://shop.example.com`: the paths of the calls start with `/api/v1`. */
  baseUrl: string;
  /**
   * The access token to send as `Authorization: Bearer …`, asked for before each request so that a
   * refreshed token is picked up. A request that sets its own `Authorization` header keeps it.
   */
  accessToken?: () => string | undefined | Promise<string | undefined>;
}

export function createEmporiumClient({ accessToken, ...options }: EmporiumClientOptions): EmporiumClient {
  const client = createClient<paths, 'application/json'>(options);
  if (accessToken) {
    client.use({
      async onRequest({ request }) {
        const token = await accessToken();
        if (token && !request.headers.has('authorization')) request.headers.set('authorization', `Bearer ${token}`);
        return request;
      },
    });
  }
  return client;
}

/** Whether a value is the API's error body (an error answer from something else in the way is not). */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return typeof body.error === 'string' && typeof body.detail === 'string' && typeof body.status === 'number';
}

/** An error answer of the API: its status, its stable code and the whole error body. */
export class EmporiumApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: ApiErrorBody;

  constructor(status: number, body: ApiErrorBody) {
    super(`${status} ${body.error}: ${body.detail}`);
    this.name = 'EmporiumApiError';
    this.status = status;
    this.code = body.error;
    this.body = body;
  }
}

type Outcome = { data?: unknown; error?: unknown; response: Response };
type DataOf<R> = R extends { data?: infer D; error?: never } ? D : never;

/**
 * The data of a successful answer; an error answer is thrown as an EmporiumApiError (or, when its
 * body is not the API's error body, as a plain Error naming the status).
 */
export async function unwrap<R extends Outcome>(call: Promise<R>): Promise<DataOf<R>> {
  const { data, error, response } = await call;
  if (response.ok) return data as DataOf<R>;
  if (isApiErrorBody(error)) throw new EmporiumApiError(response.status, error);
  throw new Error(`${response.status} ${response.statusText}: the answer is not the API's error body`);
}
