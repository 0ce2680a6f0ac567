import fc from 'fast-check';

/** A JSON Schema (2020-12, as the OpenAPI 3.1 document holds it): only the keywords zod's output uses. */
export type JsonSchema = boolean | { [keyword: string]: unknown };

/** Follows a `$ref`; `ids` are real ids that uuid fields take as often as random ones. */
export interface Resolve {
  (ref: string): JsonSchema;
  ids?: readonly string[];
}

const MAX_DEPTH = 4;
const MAX_ITEMS = 4;
/** Strings are kept short unless the schema asks for more: long ones only slow the walk down. */
const DEFAULT_MAX_LENGTH = 24;

function asObject(schema: JsonSchema): Record<string, unknown> {
  return typeof schema === 'object' ? schema : {};
}

function typesOf(schema: Record<string, unknown>): string[] {
  if (Array.isArray(schema.type)) return schema.type as string[];
  if (typeof schema.type === 'string') return [schema.type];
  if (schema.properties) return ['object'];
  if (schema.items) return ['array'];
  return [];
}

function numberBounds(schema: Record<string, unknown>): { min: number; max: number } {
  let min = typeof schema.minimum === 'number' ? schema.minimum : -1_000_000;
  let max = typeof schema.maximum === 'number' ? schema.maximum : 1_000_000;
  if (typeof schema.exclusiveMinimum === 'number') min = schema.exclusiveMinimum + 1e-6;
  if (typeof schema.exclusiveMaximum === 'number') max = schema.exclusiveMaximum - 1e-6;
  return { min, max };
}

function stringArbitrary(schema: Record<string, unknown>, resolve: Resolve): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return resolve.ids?.length ? fc.oneof(fc.constantFrom(...resolve.ids), fc.uuid()) : fc.uuid();
    case 'email':
      // Plain addresses: fast-check's own include RFC-valid ones that no sign-up form takes.
      return fc.stringMatching(/^[a-z][a-z0-9]{0,15}$/).map((local) => `${local}@example.com`);
    case 'date-time':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'uri':
      return fc.webUrl();
  }
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.max(
    minLength,
    Math.min((schema.maxLength as number | undefined) ?? DEFAULT_MAX_LENGTH, minLength + DEFAULT_MAX_LENGTH),
  );
  if (typeof schema.pattern === 'string') {
    try {
      // Bounded by the generator itself: a filter on the length would spin on a pattern that
      // mostly gives longer strings.
      const pattern = new RegExp(schema.pattern);
      return fc.stringMatching(pattern, { maxLength, size: 'small' }).filter((s) => s.length >= minLength);
    } catch {
      // A pattern fast-check cannot generate from: plain strings of the right length, some of which match.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

/**
 * Values that satisfy `schema` (as far as the keywords above go: a pattern fast-check cannot
 * generate from, or a refinement the schema does not express, gives values that may not).
 */
export function valuesOf(schema: JsonSchema, resolve: Resolve, depth = 0): fc.Arbitrary<unknown> {
  if (schema === true) return fc.jsonValue({ maxDepth: 2 });
  if (schema === false) return fc.constant(undefined);
  if (typeof schema.$ref === 'string') return valuesOf(resolve(schema.$ref), resolve, depth + 1);
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const alternatives = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (alternatives) {
    // Past the depth limit only the alternatives that end the recursion (no $ref, no nesting) are taken.
    const usable = depth >= MAX_DEPTH ? alternatives.filter((s) => !JSON.stringify(s).includes('$ref')) : alternatives;
    return fc.oneof(...(usable.length ? usable : alternatives.slice(0, 1)).map((s) => valuesOf(s, resolve, depth + 1)));
  }
  if (Array.isArray(schema.allOf)) return valuesOf(mergeAllOf(schema, resolve), resolve, depth + 1);
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => valuesOf({ ...schema, type }, resolve, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      const { min, max } = numberBounds(schema);
      return fc.integer({
        min: Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER),
        max: Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER),
      });
    }
    case 'number': {
      const { min, max } = numberBounds(schema);
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'string':
      return stringArbitrary(schema, resolve);
    case 'array': {
      const items = (schema.items as JsonSchema | undefined) ?? true;
      const minLength = (schema.minItems as number | undefined) ?? 0;
      const maxLength = Math.max(
        minLength,
        Math.min((schema.maxItems as number | undefined) ?? MAX_ITEMS, depth >= MAX_DEPTH ? minLength : MAX_ITEMS),
      );
      return fc.array(valuesOf(items, resolve, depth + 1), { minLength, maxLength });
    }
    case 'object':
      return objectOf(schema, resolve, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(schema: Record<string, unknown>, resolve: Resolve, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (depth >= MAX_DEPTH && !required.has(key)) continue;
    record[key] = valuesOf(value, resolve, depth + 1);
  }
  const requiredKeys = Object.keys(record).filter((k) => required.has(k));
  // Only the required fields, as often as any mix: every optional field is one more chance to miss.
  const minimal = fc.record(Object.fromEntries(requiredKeys.map((k) => [k, record[k] as fc.Arbitrary<unknown>])));
  return fc.oneof(fc.record(record, { requiredKeys }), minimal);
}

/**
 * One schema with the keywords of all of `schema.allOf` (zod gives `allOf` for a string that must
 * match two patterns, or for an intersection of objects): properties and required fields add up,
 * other keywords of a later part win. A `format` the generator knows makes values of both.
 */
function mergeAllOf(schema: Record<string, unknown>, resolve: Resolve): JsonSchema {
  const { allOf, ...base } = schema;
  const merged: Record<string, unknown> = { ...base };
  const properties: Record<string, unknown> = { ...((base.properties ?? {}) as object) };
  const required = [...((base.required ?? []) as string[])];
  for (const part of allOf as JsonSchema[]) {
    const s = asObject(typeof asObject(part).$ref === 'string' ? resolve(asObject(part).$ref as string) : part);
    Object.assign(properties, s.properties ?? {});
    required.push(...((s.required ?? []) as string[]));
    for (const [key, value] of Object.entries(s)) if (key !== 'properties' && key !== 'required') merged[key] = value;
  }
  if (Object.keys(properties).length) merged.properties = properties;
  if (required.length) merged.required = required;
  return merged;
}

/** A value of another JSON type than any `schema` allows (or any value when it allows every type). */
export function wrongTypeOf(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> {
  const s = asObject(typeof asObject(schema).$ref === 'string' ? resolve(asObject(schema).$ref as string) : schema);
  const allowed = new Set(typesOf(s));
  if (allowed.has('integer')) allowed.add('number');
  const others: fc.Arbitrary<unknown>[] = [];
  if (!allowed.has('string')) others.push(fc.string({ maxLength: 8 }));
  if (!allowed.has('number')) others.push(fc.oneof(fc.integer(), fc.constant(1e308), fc.constant(-0.5)));
  if (!allowed.has('boolean')) others.push(fc.boolean());
  if (!allowed.has('null')) others.push(fc.constant(null));
  if (!allowed.has('array')) others.push(fc.array(fc.integer(), { maxLength: 2 }));
  if (!allowed.has('object')) others.push(fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }));
  return others.length ? fc.oneof(...others) : fc.jsonValue({ maxDepth: 1 });
}

/**
 * Objects that break `schema` one way at a time: a required field missing, an unknown field, a
 * field of the wrong type, or a value of the wrong type altogether.
 */
export function malformedOf(schema: JsonSchema, resolve: Resolve): fc.Arbitrary<unknown> {
  const s = asObject(typeof asObject(schema).$ref === 'string' ? resolve(asObject(schema).$ref as string) : schema);
  const properties = Object.keys((s.properties ?? {}) as object);
  const required = (s.required ?? []) as string[];
  const valid = valuesOf(schema, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const ways: fc.Arbitrary<unknown>[] = [wrongTypeOf(schema, resolve)];
  if (!typesOf(s).includes('object')) return fc.oneof(...ways);
  ways.push(valid.map((v) => ({ ...v, unexpectedField: 1 })));
  if (required.length) {
    ways.push(
      fc.tuple(valid, fc.constantFrom(...required)).map(([v, key]) => {
        const copy = { ...v };
        delete copy[key];
        return copy;
      }),
    );
  }
  if (properties.length) {
    ways.push(
      fc
        .tuple(valid, fc.constantFrom(...properties))
        .chain(([v, key]) =>
          wrongTypeOf(((s.properties ?? {}) as Record<string, JsonSchema>)[key] ?? true, resolve).map((bad) => ({ ...v, [key]: bad })),
        ),
    );
  }
  return fc.oneof(...ways);
}
