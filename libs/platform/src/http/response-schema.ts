import { RouteSchema } from '@nestjs/platform-fastify';

/** The JSON Schema subset our answers need: what fast-json-stringify serialises from. */
export type JsonSchema =
  | { type: 'string' | 'number' | 'boolean' | ReadonlyArray<'string' | 'number' | 'boolean' | 'null'> }
  | { type: 'array'; items: JsonSchema }
  | ObjectSchema;

export interface ObjectSchema {
  type: 'object';
  properties: Record<string, JsonSchema>;
  additionalProperties: false;
}

/**
 * An object's schema with exactly the keys of `T`: the compiler refuses a schema that misses a field
 * of the view (fast-json-stringify would silently drop it) or names one the view does not have.
 * No field is `required`: one the handler leaves undefined is left out, as JSON.stringify does.
 */
export const objectSchema = <T>(properties: { [K in keyof Required<T>]: JsonSchema }): ObjectSchema => ({
  type: 'object',
  properties: properties as Record<string, JsonSchema>,
  additionalProperties: false,
});

export const STRING = { type: 'string' } as const;
export const NUMBER = { type: 'number' } as const;
export const BOOLEAN = { type: 'boolean' } as const;
export const NULLABLE_STRING = { type: ['string', 'null'] } as const;
export const arrayOf = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

/**
 * On a hot route: Fastify serialises the answer of `status` with fast-json-stringify, compiled
 * from the schema once, instead of JSON.stringify walking it. Only a plain object answer goes
 * through it; a recorded idempotent answer is sent as its stored bytes.
 */
export const SerialisedAs = (status: number, schema: ObjectSchema): MethodDecorator =>
  RouteSchema({ response: { [status]: schema } });
