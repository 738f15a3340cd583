import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage } from 'class-validator';
import { allEventDefinitions, topicOfEventType, type DataClass } from './event-definition';
import { CHANGELOG_NAMES, changelogTopicOf, SERVICES, topicOf } from './topics';

type JsonSchema = Record<string, unknown>;

/** class-validator constraint -> the JSON Schema it implies (the ones our contracts use). */
const SCHEMA_OF: Record<string, (constraints: unknown[]) => JsonSchema> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isUuid: () => ({ type: 'string', format: 'uuid' }),
  isIso8601: () => ({ type: 'string', format: 'date-time' }),
  isIn: ([values]) => ({ enum: values }),
  min: ([min]) => ({ minimum: min }),
  max: ([max]) => ({ maximum: max }),
};

/** Derives a data class's JSON Schema from its class-validator and class-transformer decorators. */
export function schemaOf(target: DataClass<unknown>, seen = new Set<unknown>()): JsonSchema {
  if (seen.has(target)) return { type: 'object' };
  seen.add(target);
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  const optional = new Set<string>();
  for (const m of metadatas) {
    const property = (properties[m.propertyName] ??= {});
    const name = (m.name ?? m.type).replace(/[A-Z]/g, (c) => c.toLowerCase()).replace(/^is(.)/, (_, c: string) => `is${c.toUpperCase()}`);
    if (m.type === 'conditionalValidation') optional.add(m.propertyName);
    else required.add(m.propertyName);
    if (m.type === 'isArray' || m.name === 'isArray') property.type = 'array';
    const nested = defaultMetadataStorage.findTypeMetadata(target, m.propertyName);
    const item = nested ? schemaOf(nested.typeFunction() as DataClass<unknown>, seen) : (SCHEMA_OF[name]?.(m.constraints ?? []) ?? {});
    if (m.each || property.type === 'array') property.items = { ...((property.items as JsonSchema) ?? {}), ...item };
    else Object.assign(property, item);
  }
  return { type: 'object', properties, required: [...required].filter((p) => !optional.has(p)) };
}

/** An AsyncAPI 3 document for the whole event log, generated from the declared contracts. */
export function asyncApiDocument(): JsonSchema {
  const messages = Object.fromEntries(
    allEventDefinitions().map((d) => [
      `${d.type}.v${d.version}`,
      { name: d.type, title: `${d.type} v${d.version}`, payload: { type: 'object', properties: { type: { const: d.type }, version: { const: d.version }, data: schemaOf(d.data) } } },
    ]),
  );
  // One channel per topic: each service's event topic, then each changelog (compacted, keyed by entity).
  const addresses: Array<[string, string]> = [
    ...SERVICES.map((service): [string, string] => [service, topicOf(service, '')]),
    ...CHANGELOG_NAMES.map((changelog): [string, string] => [`${changelog}-changelog`, changelogTopicOf(changelog, '')]),
  ];
  const channels = Object.fromEntries(
    addresses.map(([name, address]) => [
      name,
      {
        address,
        messages: Object.fromEntries(
          allEventDefinitions()
            .filter((d) => topicOfEventType(d.type, '') === address)
            .map((d) => [`${d.type}.v${d.version}`, { $ref: `#/components/messages/${d.type}.v${d.version}` }]),
        ),
      },
    ]),
  );
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'omni event log',
      version: '1',
      description: 'Every event travels in one envelope: id, type, version, occurredAt, source, key, correlationId, causationId, actor, data.',
    },
    channels,
    components: { messages },
  };
}
