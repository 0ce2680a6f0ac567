import { type NextRequest, NextResponse } from 'next/server';
import { withPageSecurityHeaders } from './lib/page-security-headers';

/**
 * The browser talks to one origin: /api and /uploads are passed through to the API, so
 * the refresh-token cookie is first-party. Read at run time, so one build works against
 * any API_URL. The X-Forwarded-For passed on is the socket's address, never the client's
 * own (instrumentation.ts sets it before any of this runs). Every other path is a page: it
 * gets its CSP nonce and security headers.
 */
export function proxy(request: NextRequest) {
  if (!/^\/(api|uploads)(\/|$)/.test(request.nextUrl.pathname)) return withPageSecurityHeaders(request);
  const api = (process.env.API_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
  const { pathname, search } = request.nextUrl;
  return NextResponse.rewrite(new URL(`${pathname}${search}`, api));
}

export const config = {
  matcher: ['/api/:path*', '/uploads/:path*', '/((?!api/|uploads/|_next/static/|_next/image|favicon.ico).*)'],
};
