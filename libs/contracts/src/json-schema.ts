import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, IS_ISO8601, MAX, MIN, ValidationTypes } from 'class-validator';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';

export type JsonSchema = Record<string, unknown>;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- metadata storages key classes by Function
type Class = Function;

/**
 * Where class-validator-jsonschema's defaults say less, or other, than our contracts mean:
 * - @IsISO8601: every time in an event is a UTC instant written by `toISOString()`, so a date-time
 *   (the default allows a bare date too);
 * - @Min/@Max: a bound, not a type (the default adds `type: number`, which could override @IsInt's
 *   `integer`, depending on the order the decorators were applied in).
 */
const CONVERTERS: ISchemaConverters = {
  [IS_ISO8601]: { type: 'string', format: 'date-time' },
  [MIN]: (meta) => ({ minimum: meta.constraints[0] as number }),
  [MAX]: (meta) => ({ maximum: meta.constraints[0] as number }),
};

/** The JSON Schemas of some classes and of every class they nest, each under its class name, referring to one another by `${refPrefix}<name>`. */
export interface ClassSchemas {
  schemas: Record<string, JsonSchema>;
  /** The name each class's schema is kept under. */
  nameOf(target: Class): string;
}

/**
 * JSON Schemas of class-validator classes, read from their decorators by class-validator-jsonschema
 * and then made to say what class-validator does with JSON:
 * - a property that is not required (@IsOptional) may also be null: class-validator skips every
 *   rule of an optional property whose value is null or undefined;
 * - a nested class is a `$ref` alone (the `type: object` beside it, from @IsObject, is implied).
 * Unknown fields stay allowed: consumers validate without whitelisting, so a field added within a
 * version does not break them.
 */
export function classSchemas(roots: readonly Class[], refPrefix: string): ClassSchemas {
  const byName = new Map<string, Class>();
  const schemas: Record<string, JsonSchema> = {};
  const queue = [...roots];
  for (let target = queue.shift(); target; target = queue.shift()) {
    const known = byName.get(target.name);
    if (known === target) continue;
    if (known) throw new Error(`two contract classes are named ${target.name}: their schemas would collide`);
    byName.set(target.name, target);
    const nested = nestedClassesOf(target);
    const schema = targetConstructorToSchema(target, {
      classTransformerMetadataStorage: defaultMetadataStorage,
      refPointerPrefix: refPrefix,
      additionalConverters: CONVERTERS,
    }) as JsonSchema;
    schemas[target.name] = tidied(schema, refPrefix, new Set(nested.map((c) => c.name)));
    queue.push(...nested);
  }
  return {
    schemas,
    nameOf: (target) => {
      if (byName.get(target.name) !== target)
        throw new Error(`${target.name} is not among the classes the schemas were made of`);
      return target.name;
    },
  };
}

/** The classes a class nests (@ValidateNested with class-transformer's @Type), its ancestors' properties included. */
function nestedClassesOf(target: Class): Class[] {
  const nested = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .filter((m) => m.type === ValidationTypes.NESTED_VALIDATION);
  return nested.map((m) => {
    const type = defaultMetadataStorage.findTypeMetadata(target, m.propertyName)?.typeFunction();
    if (typeof type !== 'function')
      throw new Error(`${target.name}.${m.propertyName} is validated as nested but names no class with @Type()`);
    return type as Class;
  });
}

function tidied(schema: JsonSchema, refPrefix: string, nested: ReadonlySet<string>): JsonSchema {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const properties = Object.fromEntries(
    Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>).map(([name, property]) => {
      const own = refAlone(property, refPrefix, nested);
      return [name, required.has(name) ? own : nullable(own)];
    }),
  );
  return { ...schema, properties };
}

/** `{ type: 'object', $ref }` -> `{ $ref }`, in a property or in its items; a `$ref` to a class that is not nested here is a converter surprise. */
function refAlone(property: JsonSchema, refPrefix: string, nested: ReadonlySet<string>): JsonSchema {
  if (typeof property.$ref === 'string') {
    const name = property.$ref.slice(refPrefix.length);
    if (!property.$ref.startsWith(refPrefix) || !nested.has(name))
      throw new Error(`unexpected reference ${property.$ref}`);
    return { $ref: property.$ref };
  }
  const items = property.items as JsonSchema | undefined;
  return items ? { ...property, items: refAlone(items, refPrefix, nested) } : property;
}

function nullable(property: JsonSchema): JsonSchema {
  if (typeof property.$ref === 'string') return { anyOf: [property, { type: 'null' }] };
  const typed = typeof property.type === 'string' ? { ...property, type: [property.type, 'null'] } : property;
  return Array.isArray(typed.enum) ? { ...typed, enum: [...(typed.enum as unknown[]), null] } : typed;
}
