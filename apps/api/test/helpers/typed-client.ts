import { createEmporiumClient, type EmporiumClient } from '@emporium/client';
import type { SignedIn, TestContext } from './test-app.js';

/**
 * The typed client (`@emporium/client`, generated from the OpenAPI document) on a test app: its
 * requests go through `app.inject`, so paths, parameters, bodies and answers are checked by the
 * compiler against the contract, and no port is opened. As `who` when given.
 *
 *   const cart = await unwrap(api(ctx, me).POST('/api/v1/cart/items', { body: { productId, quantity: 2 } }));
 *
 * A test of what the contract refuses (a wrong type, a missing field) sends it with
 * `ctx.app.inject`, which the compiler does not hold to the contract.
 */
export function api(ctx: TestContext, who?: Pick<SignedIn, 'accessToken'>): EmporiumClient {
  return createEmporiumClient({
    baseUrl: 'http://api.test',
    accessToken: who ? () => who.accessToken : undefined,
    fetch: injectFetch(ctx),
  });
}

/** A `fetch` that answers from the test app (`app.inject`) instead of the network. */
export function injectFetch(ctx: TestContext): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const body = Buffer.from(await request.arrayBuffer());
    const res = await ctx.app.inject({
      method: request.method as 'GET',
      url: url.pathname + url.search,
      headers: Object.fromEntries(request.headers),
      ...(body.length ? { payload: body } : {}),
    });
    const headers = new Headers();
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers.set(name, String(value));
    return new Response(res.statusCode === 204 ? null : res.rawPayload, { status: res.statusCode, headers });
  };
}
