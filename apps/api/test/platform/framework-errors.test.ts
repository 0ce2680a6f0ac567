import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createUserAndSignIn, errorOf, type SignedIn, startTestApp, type TestContext } from '../helpers/test-app.js';

/** One raw HTTP/1.1 exchange: what Node's parser sees before Fastify does. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('close', () => resolve(data));
    socket.on('error', reject);
  });
}

function assertEnvelope(body: Record<string, unknown>, status: number, code: string) {
  assert.equal(body.status, status);
  assert.equal(body.error, code);
  for (const key of ['detail', 'path', 'timestamp', 'requestId']) assert.equal(typeof body[key], 'string', key);
  assert.equal('message' in body || 'statusCode' in body, false, 'not Fastify’s own shape');
}

describe('framework errors use the documented error body', () => {
  let ctx: TestContext;
  let admin: SignedIn;
  before(async () => {
    ctx = await startTestApp();
    admin = await createUserAndSignIn(ctx, { role: 'admin' });
  });
  after(() => ctx.close());

  it('when a path holds a malformed percent-encoding, then 400 MALFORMED_URL without echoing the URL', async () => {
    for (const url of ['/api/v1/products/%zz', '/api/v1/categories/%E0%A4%A', '/api/v1/products/slug/%ff%fe<script>']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 400, url);
      assertEnvelope(errorOf(res), 400, 'MALFORMED_URL');
      assert.equal(res.headers['x-request-id'], res.json().requestId);
      assert.equal(res.body.includes('%'), false, `${url} is not echoed: ${res.body}`);
      assert.equal(res.body.includes('script'), false);
    }
  });

  it('when no route matches or a parameter is refused, then neither the detail nor the path repeats what the client wrote', async () => {
    for (const url of ['/api/v1/%3Cscript%3Ealert(1)%3C%2Fscript%3E', '/api/v1/products/%22onmouseover%3D1', '/api/v1/nothing"here<b>']) {
      const res = await ctx.app.inject({ method: 'GET', url });
      const body = errorOf(res);
      assert.ok([404, 422, 400].includes(res.statusCode), `${url}: ${res.statusCode}`);
      assert.doesNotMatch(`${body.detail} ${(body as { path?: string }).path}`, /script|onmouseover|"|<|%3C|%22/i, url);
    }
  });

  it('when a path parameter is over 200 characters, then 414 URI_TOO_LONG in the error body; up to 200 the schema decides (422)', async () => {
    const long = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/slug/${'a'.repeat(300)}` });
    assert.equal(long.statusCode, 414, long.body);
    assertEnvelope(errorOf(long), 414, 'URI_TOO_LONG');
    assert.ok(long.body.length < 400, 'the parameter is not echoed whole');
    const slug120 = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/slug/${'a'.repeat(120)}` });
    assert.equal(slug120.statusCode, 404, 'a 120-character slug is a valid slug');
    const slug150 = await ctx.app.inject({ method: 'GET', url: `/api/v1/products/slug/${'a'.repeat(150)}` });
    assert.equal(slug150.statusCode, 422, slug150.body);
  });

  it('when the request line and headers pass the parser’s limit, then 431 HEADERS_TOO_LARGE in the error body', async () => {
    const address = await ctx.app.listen({ host: '127.0.0.1', port: 0 });
    const port = Number(new URL(address).port);
    const reply = await rawRequest(port, `GET /api/v1/products?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    const [head, body] = reply.split('\r\n\r\n');
    assert.match(head ?? '', /^HTTP\/1\.1 431 /);
    assert.match(head ?? '', /content-type: application\/json/i);
    assertEnvelope(JSON.parse(body ?? ''), 431, 'HEADERS_TOO_LARGE');
    const garbage = await rawRequest(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assertEnvelope(JSON.parse(garbage.split('\r\n\r\n')[1] ?? ''), 400, 'BAD_REQUEST');
  });

  it('when an upload is not multipart or a JSON body is too large, then 415 and 413 in the error body', async () => {
    const notMultipart = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/products/00000000-0000-4000-8000-000000000000/images',
      headers: { ...admin.auth, 'content-type': 'application/xml' },
      payload: '<x/>',
    });
    assert.equal(notMultipart.statusCode, 415, notMultipart.body);
    errorOf(notMultipart);
    const big = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/categories',
      headers: { ...admin.auth, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x', description: 'y'.repeat(200_000) }),
    });
    assert.equal(big.statusCode, 413, big.body);
    assert.equal(big.body.includes('yyyy'), false, 'the body is not echoed');
    errorOf(big);
  });
});
