import { type NextRequest, NextResponse } from 'next/server';

/** Pages whose URL carries a mailed token: nothing they link to or load may learn it. */
const TOKEN_PAGES = new Set(['/reset-password', '/verify-email']);

const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Over TLS when the shop's public address is https, or when a proxy the operator trusts
 * (TRUST_PROXY set, as for the API) says so in X-Forwarded-Proto. `next start` never
 * terminates TLS itself, and Next keeps a client's own X-Forwarded-Proto, so that header
 * alone proves nothing.
 */
function overTls(request: NextRequest): boolean {
  if ((process.env.PUBLIC_WEB_URL ?? '').startsWith('https:')) return true;
  const trustProxy = process.env.TRUST_PROXY;
  if (!trustProxy || trustProxy === 'false') return false;
  const forwarded = request.headers.get('x-forwarded-proto');
  return forwarded !== null && forwarded.slice(forwarded.lastIndexOf(',') + 1).trim() === 'https';
}

/**
 * A strict policy: scripts run only with this response's nonce (Next puts it on its own
 * scripts, read from the request's CSP header) or when loaded by such a script. Styles may be
 * inline: React style props and the toast library's stylesheet need it, and CSS cannot run code.
 */
function contentSecurityPolicy(nonce: string, tls: boolean): string {
  const dev = process.env.NODE_ENV === 'development';
  return [
    "default-src 'self'",
    // React's development build reconstructs server stacks with eval.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(tls ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/** Renders the page with a fresh CSP nonce and sends the shop's security headers with it. */
export function withPageSecurityHeaders(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
  const tls = overTls(request);
  const policy = contentSecurityPolicy(nonce, tls);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  requestHeaders.set('x-nonce', nonce);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  const headers = response.headers;
  headers.set('content-security-policy', policy);
  headers.set('x-frame-options', 'DENY');
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', TOKEN_PAGES.has(request.nextUrl.pathname) ? 'no-referrer' : 'strict-origin-when-cross-origin');
  headers.set('cross-origin-opener-policy', 'same-origin');
  headers.set('permissions-policy', 'camera=(), microphone=(), geolocation=()');
  if (tls) headers.set('strict-transport-security', HSTS);
  return response;
}
