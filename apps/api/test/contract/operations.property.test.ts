import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import sharp from 'sharp';
import { makeCategory, makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { multipart } from '../helpers/multipart.js';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';
import {
  type GeneratedRequest,
  type OpenApiDocument,
  operationsOf,
  requestsFor,
  resolverOf,
  responseValidators,
  type WalkedOperation,
} from './openapi-operations.js';

// Every operation of the OpenAPI document, walked as each role with requests generated from the
// document (and broken on purpose): no answer is a 5xx, every error answer is the error body, and
// every success answer matches the schema the document gives for its status. The seed is fixed
// (CONTRACT_SEED overrides it); a failure prints it with the shrunk request to replay.
const SEED = Number(process.env.CONTRACT_SEED ?? 20261207);
/** Runs per operation and role: ~70 operations × 3 roles stay within a few minutes on 2 cores. */
const RUNS = Number(process.env.CONTRACT_RUNS ?? 12);
/** Walks only the operations whose `METHOD /path` matches (when debugging one). */
const ONLY = new RegExp(process.env.CONTRACT_ONLY ?? '');
/** Prints each request before it is sent (to find one that never gets an answer). */
const TRACE = process.env.CONTRACT_TRACE === '1';
/** Operations that hash a password on a well-formed body are slow by design: fewer runs. */
const HASHING = /\/auth\/(register|login|reset-password|change-password)$|\/users\/?$/;

type Role = 'anonymous' | 'customer' | 'admin';
const ROLES: Role[] = ['anonymous', 'customer', 'admin'];

/**
 * Operations whose success would leave the walk without its subject, with why they are walked
 * with a fresh session each run instead of the role's shared one.
 */
const FRESH_SESSION: Record<string, string> = {
  'POST /api/v1/auth/logout': 'revokes the session and access token it is called with',
  'POST /api/v1/auth/change-password': 'ends the other sessions of the user',
};

let ctx: TestContext;
let document: OpenApiDocument;
const signedIn: Partial<Record<Role, SignedIn>> = {};
let other: SignedIn | undefined;
let png: Buffer;
/** The statuses each operation answered during the walk. */
const statusesSeen = new Map<string, Set<number>>();

async function session(role: Role, fresh: boolean): Promise<SignedIn | undefined> {
  if (role === 'anonymous') return undefined;
  const current = signedIn[role];
  if (!fresh && current) {
    // A walked operation may have ended the role's session (or the account): sign in again if so.
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: current.auth });
    if (me.statusCode === 200 && me.json().user.role === role && me.json().user.isActive) return current;
  }
  if (TRACE) process.stderr.write(`signing in a ${role}\n`);
  const user = await createUserAndSignIn(ctx, { role });
  if (!fresh) signedIn[role] = user;
  return user;
}

function describeRequest(req: GeneratedRequest): string {
  const body = req.payload === undefined ? '' : ` ${String(req.payload).slice(0, 300)}`;
  return `${req.method} ${req.url} ${JSON.stringify(req.headers)}${body}`;
}

before(async () => {
  ctx = await startTestApp();
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  document = res.json();
  png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
});

/**
 * Real objects for an operation's path parameters and uuid fields to hit (besides random and
 * hostile values), made anew for each operation: the walk of an earlier one may have deleted or
 * deactivated them. The users acting as the roles are left out, so that no walked request deletes
 * or demotes them; `other` is a customer with an order and a review.
 */
async function freshObjects(): Promise<string[]> {
  const admin = await session('admin', false);
  const customer = await session('customer', false);
  assert.ok(admin && customer);
  let buyer = other;
  if (!buyer || (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: buyer.auth })).statusCode !== 200) {
    buyer = await createUserAndSignIn(ctx, { role: 'customer' });
  }
  other = buyer;
  const category = await makeCategory(ctx, admin);
  const product = await makeProduct(ctx, admin, { categoryId: category.id, stockQuantity: 1000 });
  const upload = multipart([{ name: 'file', value: png, filename: 'a.png', contentType: 'image/png' }]);
  const image = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/images`,
    headers: { ...admin.auth, ...upload.headers },
    payload: upload.payload,
  });
  await ctx.app.inject({ method: 'DELETE', url: '/api/v1/cart', headers: buyer.auth });
  await ctx.app.inject({ method: 'POST', url: '/api/v1/cart/items', headers: buyer.auth, payload: { productId: product.id, quantity: 1 } });
  const order = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: buyer.auth,
    payload: { shippingAddress: SHIPPING_ADDRESS },
  });
  const review = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/products/${product.id}/reviews`,
    headers: buyer.auth,
    payload: { rating: 4, title: 'Good', body: 'Fine mug' },
  });
  const ids = [category.id, category.slug, product.id, product.slug, buyer.id];
  for (const [res, key] of [
    [image, 'image'],
    [order, 'order'],
    [review, 'review'],
  ] as const) {
    const id = res.statusCode < 300 ? (res.json()[key]?.id ?? res.json().id) : undefined;
    if (typeof id === 'string') ids.push(id);
  }
  // The signed-in customer's cart holds a line, so that its cart and checkout operations can succeed.
  await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/cart/items',
    headers: customer.auth,
    payload: { productId: product.id, quantity: 1 },
  });
  return ids;
}

after(async () => {
  await ctx?.close();
});

describe('every operation of the OpenAPI document, as every role, with generated requests', () => {
  test('the document lists operations to walk', () => {
    assert.ok(operationsOf(document).length > 20, 'the walk found too few operations');
  });

  // Tests are declared once the document is read (in `before`): node runs these after it.
  test('no 5xx, error answers in the error body, success answers as documented', async (t) => {
    const resolve = resolverOf(document);
    const validatorFor = responseValidators(document);
    for (const op of operationsOf(document).filter((o) => ONLY.test(`${o.method} ${o.path}`))) {
      const ids = await freshObjects();
      for (const role of ROLES) {
        await t.test(`${op.method} ${op.path} as ${role}`, async () => {
          await walk(op, role, requestsFor(op, resolve, ids, png), validatorFor);
        });
      }
    }
    // How much of the walk reached the operations' success answers (the schema checks): shown, not asserted.
    const neverSucceeded = [...statusesSeen].filter(([, seen]) => ![...seen].some((s) => s < 300)).map(([key]) => key);
    t.diagnostic(`operations never answered with a success: ${neverSucceeded.join(', ') || 'none'}`);
  });
});

async function walk(
  op: WalkedOperation,
  role: Role,
  requests: fc.Arbitrary<GeneratedRequest>,
  validatorFor: ReturnType<typeof responseValidators>,
): Promise<void> {
  const key = `${op.method} ${op.path.replace(/\/$/, '')}`;
  const fresh = key in FRESH_SESSION;
  await fc.assert(
    fc.asyncProperty(requests, async (req) => {
      if (TRACE) process.stderr.write(`generated a ${op.method} ${op.path} as ${role}\n`);
      const user = await session(role, fresh);
      const headers = { ...req.headers, ...(user ? user.auth : {}) };
      if (TRACE) process.stderr.write(`→ ${describeRequest(req)} as ${role}\n`);
      const res = await ctx.app.inject({ method: req.method as 'GET', url: req.url, headers, payload: req.payload });
      if (TRACE) process.stderr.write(`← ${res.statusCode}\n`);
      statusesSeen.set(key, (statusesSeen.get(key) ?? new Set()).add(res.statusCode));
      const where = `${describeRequest(req)} as ${role} → ${res.statusCode} ${res.body.slice(0, 500)}`;
      assert.ok(res.statusCode < 500, `5xx: ${where}`);
      if (res.statusCode >= 400) {
        assert.match(String(res.headers['content-type']), /^application\/json/, `error answer not JSON: ${where}`);
        errorOf(res);
        return;
      }
      const documented = op.operation.responses[String(res.statusCode)];
      assert.ok(documented, `status ${res.statusCode} is not documented: ${where}`);
      if (res.statusCode === 204) {
        assert.equal(res.body, '', `204 with a body: ${where}`);
        return;
      }
      const types = Object.keys(documented.content ?? {});
      if (types.includes('application/json')) {
        const validate = validatorFor(op, res.statusCode);
        if (validate && !validate(res.json())) {
          assert.fail(`answer does not match the documented schema: ${JSON.stringify(validate.errors?.slice(0, 3))} — ${where}`);
        }
      } else if (types.length) {
        const type = String(res.headers['content-type']).split(';')[0];
        assert.ok(types.includes(type as string), `content type ${type} is not documented (${types.join(', ')}): ${where}`);
      }
    }),
    { seed: SEED, numRuns: HASHING.test(op.path) ? Math.min(RUNS, 5) : RUNS, endOnFailure: true },
  );
}
