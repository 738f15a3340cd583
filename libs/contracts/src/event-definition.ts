import type { ServiceName } from './topics';

/** A class-validator class describing one version of an event's `data`. */
export type DataClass<T> = new () => T;

/** An event type, its version, the service that publishes it and the shape of its data. */
export interface EventDefinition<T = unknown> {
  readonly type: string;
  readonly version: number;
  readonly source: ServiceName;
  readonly data: DataClass<T>;
}

const registry = new Map<string, EventDefinition>();

const registryKey = (type: string, version: number) => `${type}@${version}`;

/**
 * Declares an event once. A change of shape is a new version declared beside the old one,
 * never an edit of an existing declaration.
 */
export function defineEvent<T>(source: ServiceName, type: string, version: number, data: DataClass<T>): EventDefinition<T> {
  if (!type.startsWith(`${source}.`)) throw new Error(`event type ${type} must start with its source ${source}.`);
  const key = registryKey(type, version);
  if (registry.has(key)) throw new Error(`event ${key} is declared twice`);
  const definition: EventDefinition<T> = { type, version, source, data };
  registry.set(key, definition as EventDefinition);
  return definition;
}

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return registry.get(registryKey(type, version));
}

/** The service that owns an event type, read from its prefix (`inventory.stock-held` -> inventory). */
export function sourceOfEventType(type: string): ServiceName {
  return type.slice(0, type.indexOf('.')) as ServiceName;
}

/** Every declared event, for documentation (AsyncAPI) and tooling. */
export function allEventDefinitions(): EventDefinition[] {
  return [...registry.values()];
}
