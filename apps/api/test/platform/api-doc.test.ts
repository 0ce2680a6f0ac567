import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { type OpenApiDocument, operationsOf } from '../contract/openapi-operations.js';
import { startTestApp, type TestContext } from '../helpers/test-app.js';

// docs/api.md's operation reference and the OpenAPI document the API serves name the same
// operations: an endpoint added, removed or moved in one and not the other fails here.
let ctx: TestContext;
let documented: string[];
let inReference: string[];

/** The `METHOD /path` of each row of the reference tables (first cell in backticks). */
function referenceOperations(markdown: string): string[] {
  const start = markdown.indexOf('\n## Operation reference');
  assert.ok(start >= 0, 'docs/api.md has an "Operation reference" section');
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/[^`\s]*)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
}

before(async () => {
  ctx = await startTestApp();
  const res = await ctx.app.inject({ method: 'GET', url: '/openapi.json' });
  const document: OpenApiDocument = res.json();
  documented = operationsOf(document).map((op) => `${op.method} ${op.path}`);
  inReference = referenceOperations(await readFile(new URL('../../../../docs/api.md', import.meta.url), 'utf8'));
});

after(async () => {
  await ctx?.close();
});

test('every operation of the OpenAPI document is in the reference of docs/api.md', () => {
  const missing = documented.filter((op) => !inReference.includes(op));
  assert.deepEqual(missing, [], 'operations served but not in docs/api.md');
});

test('every operation in the reference of docs/api.md is in the OpenAPI document', () => {
  const unknown = inReference.filter((op) => !documented.includes(op));
  assert.deepEqual(unknown, [], 'operations in docs/api.md that the API does not serve');
});

test('the reference lists each operation once', () => {
  const twice = inReference.filter((op, i) => inReference.indexOf(op) !== i);
  assert.deepEqual(twice, []);
});
