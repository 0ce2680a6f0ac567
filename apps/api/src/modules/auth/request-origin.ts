import type { FastifyRequest } from 'fastify';
import { OriginNotAllowedError } from './auth.errors.js';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * For requests a browser would send on its own with the shopper's credentials — the refresh
 * cookie, a login form posted by any page — refuses those another site started (CSRF, login
 * CSRF). SameSite=Strict already keeps the cookie off cross-site requests; this holds even
 * where that is not honoured or the request is same-site but cross-origin.
 *
 * - With `Origin`: allowed when it is one of CORS_ORIGINS or the API's own origin; anything
 *   else, `null` included, is refused.
 * - Without `Origin` but with `Sec-Fetch-Site`: allowed for `same-origin` and `none` (typed by
 *   the user), refused for `same-site` and `cross-site`.
 * - With neither: allowed. Browsers send `Origin` on every cross-origin POST, so this is a
 *   non-browser client (curl, a mobile app), which no hostile page can drive.
 */
export function assertFromAllowedOrigin(request: FastifyRequest, allowedOrigins: ReadonlySet<string>): void {
  const origin = single(request.headers.origin);
  const fetchSite = single(request.headers['sec-fetch-site']);
  if (origin !== undefined) {
    if (allowedOrigins.has(origin) || origin === `${request.protocol}://${request.host}`) return;
  } else if (fetchSite === undefined || fetchSite === 'same-origin' || fetchSite === 'none') {
    return;
  }
  throw new OriginNotAllowedError({ origin, fetchSite });
}

/** Whether the body is a form: the one login body a page on any site can post without a CORS preflight. */
export function isFormPost(request: FastifyRequest): boolean {
  return /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
}
