import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';
import fc from 'fast-check';
import { multipart } from '../helpers/multipart.js';
import { type JsonSchema, malformedOf, type Resolve, valuesOf } from './schema-arbitrary.js';

export type OpenApiDocument = {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
};

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface WalkedOperation {
  method: string;
  path: string;
  operation: Operation;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** Every operation of the document, in its order. */
export function operationsOf(document: OpenApiDocument): WalkedOperation[] {
  const walked: WalkedOperation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (HTTP_METHODS.includes(method)) walked.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return walked;
}

/** Follows a local `$ref` (`#/components/schemas/X`) in the document. */
export function resolverOf(document: OpenApiDocument): (ref: string) => JsonSchema {
  return (ref) => {
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are followed: ${ref}`);
    let node: unknown = document;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      node = (node as Record<string, unknown> | undefined)?.[key];
    }
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve in the document`);
    return node as JsonSchema;
  };
}

/**
 * Validators for the documented answers, by ajv (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 * The document itself is a schema of ajv's, so a response schema's `$ref`s into its components resolve.
 */
export function responseValidators(document: OpenApiDocument): (op: WalkedOperation, status: number) => ValidateFunction | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  formats.default(ajv);
  ajv.addSchema({ ...document, $id: 'openapi.json' });
  const cache = new Map<string, ValidateFunction | undefined>();
  return (op, status) => {
    const key = `${op.method} ${op.path} ${status}`;
    if (!cache.has(key)) {
      const schema = op.operation.responses[String(status)]?.content?.['application/json']?.schema;
      cache.set(key, schema === undefined ? undefined : ajv.compile(rebase(schema) as object));
    }
    return cache.get(key);
  };
}

/** The schema with its local `$ref`s pointed at the document ajv holds as `openapi.json`. */
function rebase(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rebase);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `openapi.json${v}` : rebase(v),
    ]),
  );
}

export interface GeneratedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  /** Whether every part of the request was generated to match the document. */
  wellFormed: boolean;
}

/** Path parameter values that break any id or slug: empty-ish, odd characters, over-long, not a UUID. */
const hostilePathValue = fc.oneof(
  fc.constantFrom('0', '-1', 'null', 'undefined', '%00', '%E2%82', '..', '%2F', 'a'.repeat(260), '00000000-0000-0000-0000-00000000000g'),
  fc.string({ maxLength: 40, unit: 'binary' }).map((s) => encodeURIComponent(s) || '_'),
);

/** Query values that break numbers, dates, enums and booleans the way clients get them wrong. */
const hostileQueryValue = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '1e309',
    '-0',
    'NaN',
    'Infinity',
    '0x10',
    '9'.repeat(40),
    '1.5',
    '-1',
    'true',
    '2026-02-30',
    '0000-01-01',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 30, unit: 'binary' }),
);

const NOT_JSON = fc.constantFrom('{', '{"a":', 'nul', '[1,]', "{'a':1}", '\u0000');

/**
 * Requests for one operation: mostly built from its parameters' and body's schemas, the rest with
 * one part broken (a hostile path or query value, a body that breaks the schema or is not JSON).
 * `ids` are real ids and slugs (of objects the test made) for path parameters and uuid fields.
 */
export function requestsFor(
  op: WalkedOperation,
  resolveRef: (ref: string) => JsonSchema,
  ids: readonly string[],
  png: Buffer,
): fc.Arbitrary<GeneratedRequest> {
  const pathValues = fc.constantFrom(...ids);
  // uuid fields of bodies and queries take the real ids too, so that writes can succeed.
  const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const resolve: Resolve = Object.assign((ref: string) => resolveRef(ref), { ids: uuids });
  const parameters = op.operation.parameters ?? [];
  const pathNames = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
  const query = parameters.filter((p) => p.in === 'query');
  const headers = parameters.filter((p) => p.in === 'header');
  const content = op.operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const takesFile = 'multipart/form-data' in content;

  const wellFormedPath = fc.tuple(...pathNames.map(() => fc.oneof({ weight: 3, arbitrary: pathValues }, fc.uuid())));
  const anyPath = fc.tuple(...pathNames.map(() => fc.oneof({ weight: 3, arbitrary: pathValues }, fc.uuid(), hostilePathValue)));
  const queryOf = (hostile: boolean) =>
    fc.record(
      Object.fromEntries(
        query.map((p) => [
          p.name,
          // A cursor is opaque (only one the API gave is valid): well-formed requests start at the first page.
          hostile || p.name !== 'cursor'
            ? fc.option(hostile ? fc.oneof(queryValueOf(p, resolve), hostileQueryValue) : queryValueOf(p, resolve), { nil: undefined })
            : fc.constant(undefined),
        ]),
      ),
      { requiredKeys: query.filter((p) => p.required).map((p) => p.name) },
    );
  const headerValues = fc.record(
    Object.fromEntries(headers.map((p) => [p.name, fc.option(queryValueOf(p, resolve), { nil: undefined })])),
    { requiredKeys: [] },
  );
  type Body = { payload?: string | Buffer; contentType?: string; ok: boolean };
  const bodies: fc.Arbitrary<Body>[] = [];
  if (jsonSchema !== undefined) {
    bodies.push(valuesOf(jsonSchema, resolve).map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json', ok: true })));
    bodies.push(malformedOf(jsonSchema, resolve).map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json', ok: false })));
    bodies.push(NOT_JSON.map((text) => ({ payload: text, contentType: 'application/json', ok: false })));
    bodies.push(fc.constant({ payload: 'a=1', contentType: 'text/plain', ok: false }));
  }
  if (takesFile) {
    bodies.push(fc.constant({ ...multipartBody(png, 'image/png'), ok: true }));
    bodies.push(fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ ...multipartBody(Buffer.from(bytes), 'image/jpeg'), ok: false })));
  }
  if (!bodies.length) bodies.push(fc.constant({ ok: true }));

  return fc
    .record({ wellFormed: fc.boolean(), path: fc.boolean(), queryHostile: fc.boolean() })
    .chain(({ wellFormed, path, queryHostile }) =>
      fc.record({
        wellFormed: fc.constant(wellFormed),
        pathValues: wellFormed || !path ? wellFormedPath : anyPath,
        query: queryOf(!wellFormed && queryHostile),
        headers: headerValues,
        body: wellFormed ? (bodies[0] ?? fc.constant<Body>({ ok: true })) : fc.oneof(...bodies),
      }),
    )
    .map(({ wellFormed, pathValues: values, query: q, headers: h, body }) => {
      let url = op.path;
      pathNames.forEach((name, i) => {
        url = url.replace(`{${name}}`, String(values[i]));
      });
      const search = new URLSearchParams();
      for (const [name, value] of Object.entries(q)) if (value !== undefined) search.append(name, String(value));
      const requestHeaders: Record<string, string> = {};
      for (const [name, value] of Object.entries(h)) if (value !== undefined) requestHeaders[name] = String(value);
      if (body.contentType) requestHeaders['content-type'] = body.contentType;
      const qs = search.toString();
      return {
        method: op.method,
        url: qs ? `${url}?${qs}` : url,
        headers: requestHeaders,
        payload: body.payload,
        wellFormed: wellFormed && body.ok,
      };
    });
}

function queryValueOf(parameter: Parameter, resolve: (ref: string) => JsonSchema): fc.Arbitrary<unknown> {
  return valuesOf(parameter.schema ?? { type: 'string' }, resolve).map((v) =>
    v !== null && typeof v === 'object' ? JSON.stringify(v) : v,
  );
}

function multipartBody(file: Buffer, contentType: string): { payload: Buffer; contentType: string } {
  const body = multipart([{ name: 'file', value: file, filename: 'upload', contentType }]);
  return { payload: body.payload, contentType: body.headers['content-type'] as string };
}
