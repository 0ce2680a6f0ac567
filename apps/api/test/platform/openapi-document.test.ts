import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestContext } from '../helpers/test-app.js';

type Operation = {
  operationId?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; schema: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
};
type Document = {
  servers?: { url: string }[];
  tags?: { name: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

describe('the OpenAPI document is complete enough to generate a client from', () => {
  let ctx: TestContext;
  let doc: Document;
  const operations: { method: string; path: string; op: Operation }[] = [];
  before(async () => {
    ctx = await startTestApp();
    const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(res.statusCode, 200);
    doc = res.json();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) if (METHODS.has(method)) operations.push({ method, path, op });
    }
  });
  after(() => ctx.close());

  it('then every $ref resolves, the recursive category tree included', () => {
    const refs = refsIn(doc);
    assert.ok(refs.includes('#/components/schemas/CategoryNode'));
    for (const name of Object.keys(doc.components.schemas)) {
      assert.ok(refs.includes(`#/components/schemas/${name}`), `component ${name} is never used`);
    }
    for (const ref of refs) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      assert.ok(name && name in doc.components.schemas, `dangling ${ref}`);
    }
  });

  it('then it names servers and declares every tag an operation uses', () => {
    assert.ok(doc.servers && doc.servers.length > 0);
    const declared = new Set((doc.tags ?? []).map((t) => t.name));
    for (const { method, path, op } of operations) {
      assert.ok(op.tags && op.tags.length > 0, `${method} ${path} has no tag`);
      for (const tag of op.tags) assert.ok(declared.has(tag), `${method} ${path}: tag ${tag} is not declared`);
    }
  });

  it('then every operation has a unique operationId and security ([] when public)', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of operations) {
      assert.ok(op.operationId, `${method} ${path} has no operationId`);
      assert.ok(!ids.has(op.operationId), `duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      assert.ok(Array.isArray(op.security), `${method} ${path} has no security`);
      assert.ok(op.description, `${method} ${path} says who may call it`);
    }
    const find = (method: string, path: string) => operations.find((o) => o.method === method && o.path === path)?.op;
    assert.deepEqual(find('get', '/api/v1/store')?.security, []);
    assert.deepEqual(find('post', '/api/v1/auth/login')?.security, []);
    assert.deepEqual(find('get', '/api/v1/cart')?.security, [{ bearerAuth: [] }]);
    assert.deepEqual(find('get', '/api/v1/products')?.security, [{}, { bearerAuth: [] }], 'optional sign-in');
  });

  it('then paths have no trailing slash and one template per resource', () => {
    const templates = new Map<string, string>();
    for (const path of Object.keys(doc.paths)) {
      assert.ok(path === '/' || !path.endsWith('/'), `${path} ends in /`);
      const shape = path.replace(/\{[^}]+\}/g, '{}');
      assert.equal(templates.get(shape) ?? path, path, `${path} and ${templates.get(shape)} are one template`);
      templates.set(shape, path);
    }
    assert.ok('/api/v1/categories/{idOrSlug}' in doc.paths);
  });

  it('then every route that answers 204 documents 204 without a body, and every operation documents a success', () => {
    const noContent = [
      ['delete', '/api/v1/categories/{idOrSlug}'],
      ['delete', '/api/v1/products/{id}'],
      ['delete', '/api/v1/products/{id}/images/{imageId}'],
      ['delete', '/api/v1/users/{id}'],
      ['delete', '/api/v1/reviews/{id}'],
      ['delete', '/api/v1/cart'],
      ['post', '/api/v1/auth/logout'],
      ['post', '/api/v1/auth/reset-password'],
      ['post', '/api/v1/auth/change-password'],
    ];
    for (const [method, path] of noContent) {
      const op = doc.paths[path as string]?.[method as string];
      assert.ok(op?.responses['204'], `${method} ${path} documents 204`);
      assert.equal(op.responses['204'].content, undefined);
    }
    for (const { method, path, op } of operations) {
      assert.ok(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        `${method} ${path} documents no success`,
      );
    }
  });

  it('then errors are documented with the ErrorBody schema: 400 and 500 everywhere, 401/403/404/422 where they apply', () => {
    for (const { method, path, op } of operations) {
      const errorStatuses = Object.keys(op.responses).filter((s) => Number(s) >= 400);
      for (const required of ['400', '429', '500', '503'])
        assert.ok(errorStatuses.includes(required), `${method} ${path} lacks ${required}`);
      for (const status of errorStatuses) {
        const schema = op.responses[status]?.content?.['application/json']?.schema;
        assert.ok(schema, `${method} ${path} ${status} has a JSON body`);
      }
      const secured = (op.security ?? []).some((s) => 'bearerAuth' in s);
      if (secured) assert.ok(errorStatuses.includes('401'), `${method} ${path} lacks 401`);
      if (op.parameters?.some((p) => p.in === 'path')) assert.ok(errorStatuses.includes('404'), `${method} ${path} lacks 404`);
      if (op.requestBody || op.parameters?.length) assert.ok(errorStatuses.includes('422'), `${method} ${path} lacks 422`);
      if (op.requestBody) assert.ok(errorStatuses.includes('415') && errorStatuses.includes('413'), `${method} ${path} lacks 413/415`);
    }
    assert.deepEqual(doc.paths['/api/v1/products']?.get?.responses['422']?.content?.['application/json']?.schema, {
      $ref: '#/components/schemas/ErrorBody',
    });
  });

  it('then exports are text/csv, readiness documents its 200 and 503 bodies, and the upload its multipart form', () => {
    for (const path of ['/api/v1/orders/export', '/api/v1/users/export']) {
      assert.ok(doc.paths[path]?.get?.responses['200']?.content?.['text/csv'], path);
    }
    for (const path of ['/health/ready', '/api/v1/health/ready']) {
      const ready = doc.paths[path]?.get;
      assert.ok(ready?.responses['200']?.content?.['application/json'], path);
      assert.ok(ready?.responses['503']?.content?.['application/json'], path);
    }
    const upload = doc.paths['/api/v1/products/{id}/images']?.post?.requestBody?.content['multipart/form-data']?.schema as
      | { properties: Record<string, { format?: string }>; required: string[] }
      | undefined;
    assert.equal(upload?.properties.file?.format, 'binary');
    assert.deepEqual(upload?.required, ['file']);
  });

  it('then query numbers are integers with the bounds the server enforces (a page size is capped, not bounded), and dates state their range', () => {
    const params = doc.paths['/api/v1/products']?.get?.parameters ?? [];
    const limitParam = params.find((p) => p.name === 'limit');
    const limit = limitParam?.schema;
    assert.equal(limit?.type, 'integer');
    assert.equal(limit?.minimum, 1);
    // A larger limit is read as 100 rather than refused: no maximum, the description says so.
    assert.equal(limit?.maximum, undefined);
    assert.match(String((limitParam as { description?: string } | undefined)?.description), /above 100 is read as 100/);
    const from = (doc.paths['/api/v1/orders']?.get?.parameters ?? []).find((p) => p.name === 'from');
    assert.match(JSON.stringify(from), /2000-01-01/);
    assert.match(JSON.stringify(from), /\^\[2-9\]/, 'the year bound is a pattern too');
  });
});
