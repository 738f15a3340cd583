import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import {
  getMetadataStorage,
  IS_ISO31661_ALPHA_2,
  IS_ISO8601,
  IS_LATITUDE,
  IS_LONGITUDE,
  IS_TIMEZONE,
} from 'class-validator';
import { JSONSchema, targetConstructorToSchema } from 'class-validator-jsonschema';
import type { Schema } from './schema';

/**
 * Request schemas come from the very class-validator metadata the ValidationPipe enforces
 * (class-validator-jsonschema reads it), so the document states the constraints a request is held to.
 * What decorators cannot say (a field required only for some `type`, a required field that may be
 * null) a DTO adds with `@ApiSchema()`.
 */
export const ApiSchema = (schema: Schema): ClassDecorator & PropertyDecorator =>
  JSONSchema(schema as Parameters<typeof JSONSchema>[0]) as ClassDecorator & PropertyDecorator;

// class-validator's own decorators class-validator-jsonschema has no converter for (or, for ISO 8601, a `oneOf`
// of two formats a date-time string matches both of).
const ADDITIONAL_CONVERTERS: Record<string, Schema> = {
  [IS_LATITUDE]: { type: 'number', minimum: -90, maximum: 90 },
  [IS_LONGITUDE]: { type: 'number', minimum: -180, maximum: 180 },
  [IS_ISO8601]: {
    type: 'string',
    anyOf: [{ format: 'date-time' }, { format: 'date' }],
    description: 'ISO 8601, e.g. `2026-03-02T09:00:00Z`.',
  },
  [IS_TIMEZONE]: { type: 'string', description: 'An IANA time zone, e.g. `Europe/Paris`.' },
  [IS_ISO31661_ALPHA_2]: {
    type: 'string',
    pattern: '^[A-Za-z]{2}$',
    description: 'An ISO 3166-1 alpha-2 country code, e.g. `FR`.',
  },
};

const OPTIONS: Parameters<typeof targetConstructorToSchema>[1] = {
  classTransformerMetadataStorage: defaultMetadataStorage,
  classValidatorMetadataStorage: getMetadataStorage(),
  refPointerPrefix: '#/components/schemas/',
  additionalConverters: ADDITIONAL_CONVERTERS,
};

const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Date, Object, Array]);

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a DTO class, as class-validator keys its metadata
export type DtoClass = Function;

/**
 * The schema of a DTO class and of every DTO class it nests (by class name, as the `$ref`s name them):
 * unknown fields are refused (the pipe's forbidNonWhitelisted), so each is additionalProperties: false.
 */
export function dtoSchemas(
  target: DtoClass,
  into = new Map<string, { target: DtoClass; schema: Schema }>(),
): Map<string, { target: DtoClass; schema: Schema }> {
  const known = into.get(target.name);
  if (known) {
    if (known.target !== target) throw new Error(`two DTO classes named ${target.name} in one document`);
    return into;
  }
  const schema = { ...(targetConstructorToSchema(target, OPTIONS) as Schema), additionalProperties: false };
  into.set(target.name, { target, schema });
  for (const nested of nestedClassesOf(target)) dtoSchemas(nested, into);
  return into;
}

function nestedClassesOf(target: DtoClass): DtoClass[] {
  const properties = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(target, '', true, false)
      .map((m) => m.propertyName),
  );
  return [...properties]
    .map(
      (property) => defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() as DtoClass | undefined,
    )
    .filter((type): type is DtoClass => typeof type === 'function' && !PRIMITIVES.has(type));
}
