'use client';

import type { TokenPair } from '@emporium/contracts';
import { useSession } from '../session';
import { ApiError, readResponse, UNREACHABLE_MESSAGE } from './errors';

/**
 * The browser's only way to the API. Same origin (the web server proxies /api), typed
 * results, the access token from memory, and on a 401 one refresh through the HttpOnly
 * cookie — shared by every request that failed meanwhile — then each is retried once.
 */

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | null = null;

/** Endpoints whose 401 means "wrong credentials", not "token expired": never refreshed. */
const CREDENTIAL_ENDPOINTS = new Set([
  '/auth/login',
  '/auth/register',
  '/auth/refresh',
  '/auth/verify-email',
  '/auth/resend-verification',
  '/auth/forgot-password',
  '/auth/reset-password',
]);

/**
 * Runs `work` while no other tab of this browser runs it. Every tab shares the refresh cookie,
 * and the API takes a refresh token presented twice for a stolen one and ends the session:
 * two tabs refreshing at once would sign each other out. Web Locks exist only in secure
 * contexts (HTTPS, localhost); elsewhere tabs refresh unguarded.
 */
function oneTabAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (typeof navigator === 'undefined' || !navigator.locks) return work();
  return navigator.locks.request('emporium-session-refresh', work);
}

/**
 * Trades the refresh cookie for a new access token; concurrent callers share one attempt,
 * and tabs take turns (each sends the cookie the previous one left).
 */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await oneTabAtATime(() => fetch('/api/v1/auth/refresh', { method: 'POST', credentials: 'same-origin' }));
      if (!res.ok) {
        useSession.getState().signedOut();
        return false;
      }
      useSession.getState().signedIn((await res.json()) as TokenPair);
      return true;
    } catch {
      // The API is unreachable: keep whatever session we had, the next call will tell.
      useSession.getState().setReady();
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const token = useSession.getState().accessToken;
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  try {
    return await fetch(`/api/v1${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, null, UNREACHABLE_MESSAGE);
  }
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const hadToken = useSession.getState().accessToken !== null;
  let res = await send(path, options);
  if (res.status === 401 && hadToken && !CREDENTIAL_ENDPOINTS.has(path)) {
    if (await refreshSession()) res = await send(path, options);
  }
  return readResponse<T>(res);
}

/** A fresh key for one checkout attempt: a retry or double click sends the same one. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
