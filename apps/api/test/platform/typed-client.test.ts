import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type ApiErrorBody, createEmporiumClient, EmporiumApiError, type EmporiumClient, unwrap } from '@emporium/client';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';
import { injectFetch } from '../helpers/typed-client.js';

// @emporium/client against the whole API: its requests go through app.inject (a fetch that
// answers from the app), so what is tested is the generated types' paths and the client's runtime.
let ctx: TestContext;
let admin: SignedIn;

/** Through the tests' shared `injectFetch`, so what this file proves holds for every test using `api()`. */
function clientFor(accessToken?: () => string | undefined): EmporiumClient {
  return createEmporiumClient({ baseUrl: 'http://api.test', accessToken, fetch: injectFetch(ctx) });
}

before(async () => {
  ctx = await startTestApp();
  admin = await createUserAndSignIn(ctx, { role: 'admin' });
});

after(async () => {
  await ctx?.close();
});

test('the client signs in and reads its own user with the token it got', async () => {
  const customer = await createUserAndSignIn(ctx);
  let token: string | undefined;
  const client = clientFor(() => token);
  const login = await unwrap(client.POST('/api/v1/auth/login', { body: { email: customer.email, password: GOOD_PASSWORD } }));
  token = login.accessToken;
  const me = await unwrap(client.GET('/api/v1/auth/me'));
  assert.equal(me.user.email, customer.email);
  assert.equal(me.user.role, 'customer');
});

test('the client sends path parameters and query values, and reads typed lists', async () => {
  const category = await makeCategory(ctx, admin);
  const product = await makeProduct(ctx, admin, { categoryId: category.id, priceCents: 4321 });
  const client = clientFor();
  const page = await unwrap(client.GET('/api/v1/products', { params: { query: { category: category.slug, limit: 5 } } }));
  assert.deepEqual(
    page.items.map((p) => [p.id, p.priceCents]),
    [[product.id, 4321]],
  );
  const one = await unwrap(client.GET('/api/v1/products/{id}', { params: { path: { id: product.id } } }));
  assert.equal(one.product.slug, product.slug);
});

test('when the API answers an error, then the client gives the typed error body', async () => {
  const client = clientFor();
  const { data, error, response } = await client.GET('/api/v1/auth/me');
  assert.equal(data, undefined);
  assert.equal(response.status, 401);
  const body: ApiErrorBody | undefined = error;
  assert.equal(body?.error, 'UNAUTHENTICATED');
  assert.equal(body?.status, 401);

  await assert.rejects(
    unwrap(client.POST('/api/v1/auth/register', { body: { email: 'not-an-email', password: 'x', fullName: '' } })),
    (err: unknown) =>
      err instanceof EmporiumApiError && err.status === 422 && err.code === 'VALIDATION_FAILED' && !!err.body.errors?.length,
  );
});

test('an access token set on the request itself is kept over the one the client would send', async () => {
  const customer = await createUserAndSignIn(ctx);
  const client = clientFor(() => 'not-a-token');
  const me = await unwrap(client.GET('/api/v1/auth/me', { headers: customer.auth }));
  assert.equal(me.user.id, customer.id);
});
