import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { encodeBody } from '../../src/lib/content-encoding.js';
import { CatalogCache } from '../../src/modules/catalog-cache/catalog-cache.js';
import { fillCart, makeProduct } from '../helpers/catalog.js';
import { SHIPPING_ADDRESS } from '../helpers/fixtures.js';
import { createUserAndSignIn, GOOD_PASSWORD, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders | Record<string, string | string[] | number | undefined>;
  body: Buffer;
}

/** The body as the client reads it once it has undone the Content-Encoding. */
function decoded(res: RawResponse): Buffer {
  const encoding = res.headers['content-encoding'];
  if (encoding === 'br') return brotliDecompressSync(res.body);
  if (encoding === 'gzip') return gunzipSync(res.body);
  assert.equal(encoding, undefined, `unexpected content-encoding ${encoding}`);
  return res.body;
}

const variesOnEncoding = (res: RawResponse) =>
  String(res.headers.vary ?? '')
    .toLowerCase()
    .split(/,\s*/)
    .includes('accept-encoding');

/** Over HTTP with node:http, which neither asks for nor undoes any encoding by itself. */
function overHttp(base: string, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('response compression', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  let base: string;
  let productId: string;
  /** Every compression the catalog cache asked for, by encoding. */
  const encodings: string[] = [];
  let cache: CatalogCache;
  const countingCache = (live: () => boolean) => {
    cache = new CatalogCache(true, live, undefined, (encoding, body) => {
      encodings.push(encoding);
      return encodeBody(encoding, body);
    });
    return cache;
  };

  const inject = async (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET'): Promise<RawResponse> => {
    const res = await ctx.app.inject({ method, url, headers });
    return { status: res.statusCode, headers: res.headers, body: res.rawPayload };
  };

  before(async () => {
    ctx = await startTestApp({}, { catalogCache: countingCache });
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
    for (let i = 0; i < 6; i++) {
      const p = await makeProduct(ctx, admin, { description: `A sturdy everyday thing, number ${i}. `.repeat(30) });
      productId = p.id;
    }
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  });
  after(() => ctx.close());

  it('when a list or a product is asked for in br or gzip, then it decodes to the identity bytes, with Vary', async () => {
    for (const url of ['/api/v1/products?limit=20', `/api/v1/products/${productId}`]) {
      // Anonymous reads go through the catalog cache; signed-in ones through @fastify/compress.
      for (const auth of [{}, admin.auth]) {
        const identity = await inject(url, auth);
        assert.equal(identity.status, 200);
        assert.ok(identity.body.length >= 1024, `${url} is ${identity.body.length} bytes`);
        assert.equal(identity.headers['content-encoding'], undefined);
        assert.ok(variesOnEncoding(identity), `${url}: vary ${identity.headers.vary}`);
        for (const encoding of ['br', 'gzip']) {
          const res = await inject(url, { ...auth, 'accept-encoding': encoding });
          assert.equal(res.status, 200);
          assert.equal(res.headers['content-encoding'], encoding, url);
          assert.ok(variesOnEncoding(res));
          assert.ok(res.body.length < identity.body.length / 2, `${url} in ${encoding}: ${res.body.length} bytes`);
          assert.deepEqual(decoded(res), identity.body);
          // The weak ETag is of the identity bytes: one validator for every encoding.
          assert.equal(res.headers.etag, identity.headers.etag);
        }
      }
    }
  });

  it('when orders are exported as CSV in gzip or br, then the stream is compressed and decodes to the identity CSV', async () => {
    const buyer = await createUserAndSignIn(ctx);
    const products = await Promise.all([1, 2, 3].map(() => makeProduct(ctx, admin, { stockQuantity: 50 })));
    for (let i = 0; i < 3; i++) {
      await fillCart(
        ctx,
        buyer.id,
        products.map((p) => p.id),
      );
      const order = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: buyer.auth,
        payload: { shippingAddress: SHIPPING_ADDRESS },
      });
      assert.equal(order.statusCode, 201, order.body);
    }
    const url = `/api/v1/orders/export?userId=${buyer.id}`;
    const identity = await inject(url, admin.auth);
    assert.equal(identity.status, 200);
    assert.equal(identity.body.toString().trim().split('\n').length, 1 + 9);
    assert.ok(variesOnEncoding(identity));
    for (const encoding of ['gzip', 'br']) {
      const res = await inject(url, { ...admin.auth, 'accept-encoding': encoding });
      assert.equal(res.status, 200);
      assert.equal(res.headers['content-encoding'], encoding);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      // Streamed: its length is not known before the last row is read.
      assert.equal(res.headers['content-length'], undefined);
      assert.ok(variesOnEncoding(res));
      assert.deepEqual(decoded(res), identity.body);
    }
  });

  it('when a body is under 1 KB, or a 204, or a 304, then it goes out unencoded', async () => {
    const small = await inject('/api/v1/store', { 'accept-encoding': 'br, gzip' });
    assert.equal(small.status, 200);
    assert.ok(small.body.length < 1024, `${small.body.length} bytes`);
    assert.equal(small.headers['content-encoding'], undefined);
    assert.ok(JSON.parse(small.body.toString()));
    // Whether it would have been compressed still depended on the header.
    assert.ok(variesOnEncoding(small));

    const url = `/api/v1/products/${productId}`;
    for (const auth of [{}, admin.auth]) {
      const { etag } = (await inject(url, auth)).headers;
      assert.ok(etag);
      const notModified = await inject(url, { ...auth, 'accept-encoding': 'br, gzip', 'if-none-match': String(etag) });
      assert.equal(notModified.status, 304);
      assert.equal(notModified.body.length, 0);
      assert.equal(notModified.headers['content-encoding'], undefined);
      assert.equal(notModified.headers.etag, etag);
      assert.ok(variesOnEncoding(notModified));
    }

    const session = await createUserAndSignIn(ctx);
    const noContent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { ...session.auth, 'accept-encoding': 'br, gzip' },
    });
    assert.equal(noContent.statusCode, 204);
    assert.equal(noContent.rawPayload.length, 0);
    assert.equal(noContent.headers['content-encoding'], undefined);
  });

  it('when an /auth answer is 1 KB or more (tokens, or a long refusal), then it is never compressed', async () => {
    const user = await createUserAndSignIn(ctx);
    const login = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'accept-encoding': 'br, gzip' },
      payload: { email: user.email, password: GOOD_PASSWORD },
    });
    assert.equal(login.statusCode, 200);
    assert.equal(login.headers['content-encoding'], undefined);
    assert.ok(login.json().accessToken);
    // The same long refusal (unknown fields) is compressed elsewhere, and not under /auth.
    const junk = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`an_unexpected_field_number_${i}`, i]));
    const elsewhere = await ctx.app.inject({
      method: 'PATCH',
      url: '/api/v1/users/me',
      headers: { ...user.auth, 'accept-encoding': 'br, gzip' },
      payload: junk,
    });
    assert.equal(elsewhere.statusCode, 422);
    assert.equal(elsewhere.headers['content-encoding'], 'br', `${elsewhere.rawPayload.length} bytes`);
    const underAuth = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/change-password',
      headers: { ...user.auth, 'accept-encoding': 'br, gzip' },
      payload: junk,
    });
    assert.equal(underAuth.statusCode, 422);
    assert.ok(underAuth.rawPayload.length >= 1024, `${underAuth.rawPayload.length} bytes`);
    assert.equal(underAuth.headers['content-encoding'], undefined);
  });

  it('when Accept-Encoding weighs the encodings, then its q-values decide, and q=0 refuses one', async () => {
    const cases: [string, string | undefined][] = [
      ['gzip, br', 'br'],
      ['BR', 'br'],
      ['br;q=0, gzip', 'gzip'],
      ['gzip;q=0.8, br;q=0.5', 'gzip'],
      ['br;q=0.1, gzip;q=0.2, identity', 'gzip'],
      ['*', 'gzip'],
      ['br;q=0, gzip;q=0', undefined],
      ['*;q=0', undefined],
      ['identity', undefined],
      ['deflate, compress', undefined],
      ['', undefined],
    ];
    const url = '/api/v1/products?limit=20';
    const anonymous = (await inject(url)).body;
    const signedIn = (await inject(url, admin.auth)).body;
    for (const [header, expected] of cases) {
      // Through @fastify/compress (signed in), the catalog cache's Fastify path, and the cache front.
      const answers: [RawResponse, Buffer][] = [
        [await inject(url, { ...admin.auth, 'accept-encoding': header }), signedIn],
        [await inject(url, { 'accept-encoding': header }), anonymous],
        [await overHttp(base, url, { 'accept-encoding': header }), anonymous],
      ];
      for (const [res, identity] of answers) {
        assert.equal(res.status, 200);
        assert.equal(res.headers['content-encoding'], expected, `Accept-Encoding: ${header}`);
        assert.deepEqual(decoded(res), identity);
      }
    }
  });

  it('when a cached read is asked for in any encoding, then it is served from the bytes stored with the entry', async () => {
    const url = '/api/v1/products?limit=20&sort=price_asc';
    const before = encodings.length;
    const miss = await overHttp(base, url, { 'accept-encoding': 'br' });
    assert.equal(miss.headers['content-encoding'], 'br');
    // Encoded once, when stored: both encodings, whatever this request asked for.
    assert.deepEqual(encodings.slice(before), ['br', 'gzip']);
    const [br, identity] = [cache.hit(url, 'br'), cache.hit(url, undefined)];
    assert.ok(br && identity);
    assert.deepEqual(miss.body, br.variant.body);
    assert.deepEqual(decoded(miss), identity.variant.body);

    for (let round = 0; round < 2; round++) {
      for (const [header, encoding] of [
        ['br', 'br'],
        ['gzip', 'gzip'],
        ['identity', 'identity'],
      ] as const) {
        // The front answers the first; a cross-origin read goes to Fastify, which hits the same entry.
        for (const res of [
          await overHttp(base, url, { 'accept-encoding': header }),
          await overHttp(base, url, { 'accept-encoding': header, origin: 'http://elsewhere.test' }),
          await inject(url, { 'accept-encoding': header }),
        ]) {
          assert.equal(res.status, 200);
          assert.equal(res.headers['content-encoding'], encoding === 'identity' ? undefined : encoding);
          const stored = cache.hit(url, header)?.variant.body;
          assert.equal(Number(res.headers['content-length']), stored?.length);
          assert.deepEqual(res.body, stored);
          assert.ok(variesOnEncoding(res));
        }
      }
    }
    assert.equal(encodings.length, before + 2, 'no hit compressed anything');
  });

  it('when a HEAD request accepts br, then it describes the identity body (nothing is compressed to be dropped)', async () => {
    for (const url of ['/api/v1/products?limit=20', `/api/v1/products/${productId}`]) {
      for (const auth of [{}, admin.auth]) {
        const identity = await overHttp(base, url, auth);
        const head = await overHttp(base, url, { ...auth, 'accept-encoding': 'br' }, 'HEAD');
        assert.equal(head.status, 200);
        assert.equal(head.body.length, 0);
        assert.equal(head.headers['content-encoding'], undefined);
        assert.equal(Number(head.headers['content-length']), identity.body.length);
        assert.equal(head.headers.etag, identity.headers.etag);
        assert.ok(variesOnEncoding(head));
      }
    }
  });
});

describe('catalog cache size bound', () => {
  it('when an entry is stored, then its compressed variants count against the bound too', () => {
    // Random bytes do not compress: each variant is about as long as the body.
    const body = randomBytes(4000);
    const response = { body, etag: undefined, headers: ['content-type', 'application/json'] };
    const fitsIdentityOnly = new CatalogCache(true, undefined, 6000);
    fitsIdentityOnly.set('/a', fitsIdentityOnly.entryFor(response), fitsIdentityOnly.generation);
    assert.equal(fitsIdentityOnly.has('/a'), false);
    const fitsAll = new CatalogCache(true, undefined, 14_000);
    fitsAll.set('/a', fitsAll.entryFor(response), fitsAll.generation);
    assert.equal(fitsAll.has('/a'), true);
  });
});
