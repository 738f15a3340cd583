// Response schemas (JSON Schema 2020-12, as OpenAPI 3.1 takes it), declared beside the views they
// describe. `objectOf<View>()` is checked by the compiler against the view's type: a field the schema
// misses or invents, or an optional field declared required (or the reverse), does not compile. The
// answers themselves are checked against the published document by the response checker in
// libs/testing, so a schema cannot drift from what a route really sends.

/** A JSON Schema object (the keywords OpenAPI 3.1's Schema Object takes). */
export type Schema = { readonly [keyword: string]: unknown };

declare const OPTIONAL_BRAND: unique symbol;
const OPTIONAL = Symbol('omni:optional-property');
const COMPONENT = Symbol('omni:schema-component');

/** A property the view may leave out (`field?: T`). */
export interface OptionalProperty {
  readonly [OPTIONAL_BRAND]: true;
}
type RequiredProperty = Schema & { readonly [OPTIONAL_BRAND]?: never };

// `{} extends Pick<T, K>` holds exactly for keys declared with `?`.
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];
type RequiredKeys<T> = Exclude<keyof T, OptionalKeys<T>>;

/** One schema per field of `T`: optional fields wrapped in `optional()`, the others not. */
export type PropertiesOf<T> = { [K in RequiredKeys<T>]-?: RequiredProperty } & {
  [K in OptionalKeys<T>]-?: OptionalProperty;
};

export const optional = (schema: Schema): OptionalProperty => ({ [OPTIONAL]: schema }) as unknown as OptionalProperty;

/**
 * An object with exactly the fields of `T` (additionalProperties: false: an answer with a field the
 * document does not declare fails the response checker). `extra` adds description or examples.
 */
export function objectOf<T>(properties: PropertiesOf<T>, extra: Schema = {}): Schema {
  const entries = Object.entries(properties as Record<string, object>);
  const isOptional = (value: object): value is { [OPTIONAL]: Schema } => OPTIONAL in value;
  return {
    type: 'object',
    ...extra,
    properties: Object.fromEntries(entries.map(([key, value]) => [key, isOptional(value) ? value[OPTIONAL] : value])),
    required: entries.filter(([, value]) => !isOptional(value)).map(([key]) => key),
    additionalProperties: false,
  };
}

export const string = (extra: Schema = {}): Schema => ({ type: 'string', ...extra });
export const integer = (extra: Schema = {}): Schema => ({ type: 'integer', ...extra });
export const number = (extra: Schema = {}): Schema => ({ type: 'number', ...extra });
export const boolean = (extra: Schema = {}): Schema => ({ type: 'boolean', ...extra });
/** An instant as the services write it (`Date#toISOString`). */
export const dateTime = (extra: Schema = {}): Schema => ({ type: 'string', format: 'date-time', ...extra });
export const uuid = (extra: Schema = {}): Schema => ({ type: 'string', format: 'uuid', ...extra });
export const oneOfValues = (values: readonly (string | number)[], extra: Schema = {}): Schema => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
  ...extra,
});
export const arrayOf = (items: Schema, extra: Schema = {}): Schema => ({ type: 'array', items, ...extra });
/** A free-form object (event details, extension members): any fields. */
export const anyObject = (extra: Schema = {}): Schema => ({ type: 'object', additionalProperties: true, ...extra });

/** `schema` or null (3.1: a `null` type, never 3.0's `nullable`). */
export function nullable(schema: Schema): Schema {
  const { type, enum: values } = schema as { type?: unknown; enum?: unknown[] };
  if (typeof type === 'string' && !('$ref' in schema)) {
    return { ...schema, type: [type, 'null'], ...(values ? { enum: [...values, null] } : {}) };
  }
  return { anyOf: [schema, { type: 'null' }] };
}

interface ComponentRef {
  readonly $ref: string;
  readonly [COMPONENT]: { name: string; schema: Schema };
}

/**
 * A schema published once under `components.schemas.<name>` and referenced wherever it is used. The
 * definition travels with the reference (not enumerable, so it is never serialised), so each service's
 * document holds exactly the components its routes use.
 */
export function component(name: string, schema: Schema): Schema {
  const ref = { $ref: `#/components/schemas/${name}` };
  Object.defineProperty(ref, COMPONENT, { value: { name, schema }, enumerable: false });
  return ref;
}

/** The component a reference made by `component()` carries, if it is one. */
export function componentOf(schema: unknown): { name: string; schema: Schema } | undefined {
  return typeof schema === 'object' && schema !== null ? (schema as Partial<ComponentRef>)[COMPONENT] : undefined;
}

/** `{ items, nextCursor }`, one page of a keyset-paged list. */
export const pageOf = (items: Schema): Schema =>
  objectOf<{ items: unknown[]; nextCursor: string | null }>({
    items: arrayOf(items),
    nextCursor: nullable(string({ description: 'Pass it as `cursor` for the next page; null on the last page.' })),
  });

/**
 * Every value of the string union `T`, checked complete by the compiler (a status added to the union
 * and not here does not compile): for unions that have no runtime list of their own.
 */
export const everyValue =
  <T extends string>() =>
  <const V extends readonly T[]>(
    values: V & ([Exclude<T, V[number]>] extends [never] ? unknown : { missing: Exclude<T, V[number]> }),
  ): V =>
    values;
