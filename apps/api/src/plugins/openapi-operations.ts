import {
  AdminReviewSchema,
  CartLineSchema,
  CartSchema,
  CategoryNodeSchema,
  CategorySchema,
  DomainEventSchema,
  ErrorBodySchema,
  FieldErrorSchema,
  OrderItemSchema,
  OrderSchema,
  ProductImageSchema,
  ProductSchema,
  ReviewSchema,
  ShippingAddressSchema,
  TokenPairSchema,
  UserSchema,
} from '@emporium/contracts';
import type { SwaggerTransform } from '@fastify/swagger';
import type { RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Every tag an operation may carry, declared once (linters refuse undeclared ones). */
export const TAGS = [
  { name: 'auth', description: 'Accounts, sign-in, tokens and passwords' },
  { name: 'users', description: 'Your profile; user administration' },
  { name: 'store', description: 'Public store settings' },
  { name: 'catalog', description: 'Categories, products and their images' },
  { name: 'reviews', description: 'Product reviews and their moderation' },
  { name: 'cart', description: 'The signed-in customer’s cart' },
  { name: 'orders', description: 'Checkout, orders and their status machine' },
  { name: 'analytics', description: 'Reports and the admin dashboard' },
  { name: 'admin', description: 'The audit log' },
  { name: 'operations', description: 'Liveness and readiness probes' },
];

/**
 * Shapes named in `components.schemas` and referenced by `$ref`, so a generated client has one
 * type per shape (and the recursive category tree has a name its `$ref` resolves to). Ids live
 * in zod's global registry, which the transforms read; the contracts stay free of them.
 */
const COMPONENTS: Record<string, z.ZodType> = {
  ErrorBody: ErrorBodySchema,
  FieldError: FieldErrorSchema,
  Category: CategorySchema,
  CategoryNode: CategoryNodeSchema,
  Product: ProductSchema,
  ProductImage: ProductImageSchema,
  Review: ReviewSchema,
  AdminReview: AdminReviewSchema,
  User: UserSchema,
  TokenPair: TokenPairSchema,
  Cart: CartSchema,
  CartLine: CartLineSchema,
  Order: OrderSchema,
  OrderItem: OrderItemSchema,
  ShippingAddress: ShippingAddressSchema,
  DomainEvent: DomainEventSchema,
};

export function nameComponents(): void {
  for (const [id, schema] of Object.entries(COMPONENTS)) {
    const meta = z.globalRegistry.get(schema);
    if (meta?.id === id) continue;
    z.globalRegistry.add(schema, { ...meta, id });
  }
}

const ERROR_REF = { $ref: '#/components/schemas/ErrorBody' };
const REASONS: Record<number, string> = {
  400: 'Malformed request: bad JSON, a malformed URL or multipart body, or a request the operation cannot take',
  401: 'Not signed in, or the access token is invalid or expired',
  403: 'Signed in but not allowed (an admin is needed, or the e-mail address is not verified)',
  404: 'No such object, or it belongs to someone else',
  409: 'Conflicts with the current state (taken slug or SKU, stock, status machine, duplicate)',
  413: 'The request body is too large',
  414: 'A path segment is too long',
  415: 'The request body has a media type this operation does not take',
  422: 'The input breaks the schema; `errors` names each field',
  429: 'Too many requests; retry after the Retry-After header',
  500: 'An unexpected error on our side; it has been logged',
  503: 'A dependency is down or the server is shutting down',
};

type Hooks = { identify: unknown; requireAdmin: unknown };
type JsonSchema = Record<string, unknown>;

/** `get /api/v1/products/{id}/images` → `getProductsByIdImages`; outside /api/v1 ends in `AtRoot`. */
export function operationIdOf(method: string, url: string): string {
  const inApi = url.startsWith('/api/v1/') || url === '/api/v1';
  const words = url
    .replace(/^\/api\/v1/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => {
      const param = /^[:{](\w+)\}?$/.exec(segment)?.[1];
      const word = (param ?? segment).replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase());
      return (param ? 'By' : '') + word.charAt(0).toUpperCase() + word.slice(1);
    });
  return method.toLowerCase() + words.join('') + (inApi ? '' : 'AtRoot');
}

/** Which error statuses an operation can answer, from what it takes and who may call it. */
function errorStatuses(method: string, schema: JsonSchema, secured: boolean, optionalAuth: boolean, multipart: boolean): number[] {
  const statuses = [400];
  const hasBody = Boolean(schema.body) || multipart;
  // Sign-in, refresh and token routes are public yet refuse credentials (401) and foreign origins (403).
  const handlesCredentials = (schema.tags as string[] | undefined)?.includes('auth');
  if (secured || optionalAuth || handlesCredentials) statuses.push(401);
  if (secured || handlesCredentials) statuses.push(403);
  if (schema.params) statuses.push(404);
  if (method !== 'GET' && method !== 'HEAD') statuses.push(409);
  if (hasBody) statuses.push(413);
  if (schema.params) statuses.push(414);
  if (hasBody) statuses.push(415);
  if (hasBody || schema.querystring || schema.params || schema.headers) statuses.push(422);
  statuses.push(429, 500, 503);
  return statuses;
}

/**
 * The type provider's transform (zod → JSON Schema), then what a client needs and the routes do
 * not each spell out: one path template without a trailing slash, an operationId, security
 * (`[]` for public operations), every error status with the ErrorBody schema, and the
 * multipart form of uploads.
 */
export function documentOperation(document: Parameters<SwaggerTransform>[0], hooks: () => Hooks): ReturnType<SwaggerTransform> {
  const out = jsonSchemaTransform(document) as { schema: JsonSchema; url: string };
  const schema = out.schema;
  if (!schema || schema.hide) return out;
  const route = (document as { route?: RouteOptions }).route;
  const method = String(Array.isArray(route?.method) ? route.method[0] : (route?.method ?? 'GET')).toUpperCase();
  const url = out.url.length > 1 ? out.url.replace(/\/+$/, '') : out.url;

  const onRequest = [route?.onRequest ?? []].flat();
  const { identify, requireAdmin } = hooks();
  const optionalAuth = !schema.security && onRequest.includes(identify as never);
  const secured = Array.isArray(schema.security) && schema.security.length > 0;
  if (!schema.security) schema.security = optionalAuth ? [{}, { bearerAuth: [] }] : [];
  // Analytics and the admin area guard every route with one plugin-level hook.
  const adminOnly =
    onRequest.includes(requireAdmin as never) || /\(admin\)/.test(String(schema.summary)) || /^\/api\/v1\/(analytics|admin)\//.test(url);
  schema.description ??= adminOnly
    ? 'Administrators only: a bearer access token of an admin (401 without one, 403 for other users).'
    : secured
      ? 'Signed-in users: a bearer access token (401 without a valid one).'
      : optionalAuth
        ? 'Public; a bearer token may be sent (admins then see more) and must be valid when it is (else 401).'
        : 'Public: no sign-in needed.';
  schema.operationId ??= operationIdOf(method, url);

  const consumes = schema.consumes as string[] | undefined;
  const multipart = Boolean(consumes?.includes('multipart/form-data'));
  if (schema.formBody instanceof z.ZodType) {
    const { $schema: _, ...form } = z.toJSONSchema(schema.formBody, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schema.body = form;
  }
  delete schema.formBody;

  const response = (schema.response ?? {}) as Record<string, JsonSchema>;
  for (const status of errorStatuses(method, schema, secured, optionalAuth, multipart)) {
    response[status] ??= { description: REASONS[status], content: { 'application/json': { schema: ERROR_REF } } };
  }
  schema.response = response;
  return { schema, url };
}

function schemaRefs(value: unknown, found: Set<string>): Set<string> {
  if (Array.isArray(value)) for (const item of value) schemaRefs(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string' && item.startsWith('#/components/schemas/')) found.add(item.slice(21));
      else schemaRefs(item, found);
    }
  }
  return found;
}

/**
 * The type provider emits every named shape twice (as read and as written); only those an
 * operation reaches, directly or through another component, stay in the document.
 */
export function withoutUnusedSchemas<T extends object>(document: T): T {
  const components = (document as { components?: { schemas?: Record<string, unknown> } }).components;
  const schemas = components?.schemas;
  if (!schemas) return document;
  const used = schemaRefs({ ...document, components: { ...components, schemas: {} } }, new Set());
  const pending = [...used];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    for (const ref of schemaRefs(schemas[name], new Set())) {
      if (!used.has(ref)) {
        used.add(ref);
        pending.push(ref);
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}
