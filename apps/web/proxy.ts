import { type NextRequest, NextResponse } from 'next/server';

/**
 * The browser talks to one origin: /api and /uploads are passed through to the API, so
 * the refresh-token cookie is first-party. Read at run time, so one build works against
 * any API_URL. The X-Forwarded-For passed on is the socket's address, never the client's
 * own (instrumentation.ts sets it before any of this runs).
 */
export function proxy(request: NextRequest) {
  const api = (process.env.API_URL ?? 'http://127.0.0.1:8000').replace(/\/+$/, '');
  const { pathname, search } = request.nextUrl;
  return NextResponse.rewrite(new URL(`${pathname}${search}`, api));
}

export const config = { matcher: ['/api/:path*', '/uploads/:path*'] };
