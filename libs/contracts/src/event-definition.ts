import { changelogTopicOf, topicOf, type ChangelogName, type ServiceName } from './topics';

/** A class-validator class describing one version of an event's `data`. */
export type DataClass<T> = new () => T;

/** An event type, its version, the service that publishes it and the shape of its data. */
export interface EventDefinition<T = unknown> {
  readonly type: string;
  readonly version: number;
  readonly source: ServiceName;
  readonly data: DataClass<T>;
  /** Set for an entity's state record: it lives on that compacted changelog topic, not on the source's event topic. */
  readonly changelog?: ChangelogName;
}

export interface EventOptions {
  changelog?: ChangelogName;
}

const registry = new Map<string, EventDefinition>();
const changelogOfType = new Map<string, ChangelogName | undefined>();

const registryKey = (type: string, version: number) => `${type}@${version}`;

/**
 * Declares an event once. A change of shape is a new version declared beside the old one,
 * never an edit of an existing declaration. Every version of a type lives on the same topic.
 */
export function defineEvent<T>(
  source: ServiceName,
  type: string,
  version: number,
  data: DataClass<T>,
  options: EventOptions = {},
): EventDefinition<T> {
  if (!type.startsWith(`${source}.`)) throw new Error(`event type ${type} must start with its source ${source}.`);
  const key = registryKey(type, version);
  if (registry.has(key)) throw new Error(`event ${key} is declared twice`);
  if (changelogOfType.has(type) && changelogOfType.get(type) !== options.changelog)
    throw new Error(`every version of ${type} must live on the same topic`);
  const definition: EventDefinition<T> = {
    type,
    version,
    source,
    data,
    ...(options.changelog ? { changelog: options.changelog } : {}),
  };
  registry.set(key, definition as EventDefinition);
  changelogOfType.set(type, options.changelog);
  return definition;
}

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return registry.get(registryKey(type, version));
}

/** The service that owns an event type, read from its prefix (`inventory.stock-held` -> inventory). */
export function sourceOfEventType(type: string): ServiceName {
  return type.slice(0, type.indexOf('.')) as ServiceName;
}

/**
 * The one mapping from an event type to the topic it travels on: its changelog for an entity's
 * state record, otherwise its source's event topic. Publishers and subscribers both ask here.
 */
export function topicOfEventType(type: string, prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  const changelog = changelogOfType.get(type);
  return changelog ? changelogTopicOf(changelog, prefix) : topicOf(sourceOfEventType(type), prefix);
}

/** Every declared event, for documentation (AsyncAPI) and tooling. */
export function allEventDefinitions(): EventDefinition[] {
  return [...registry.values()];
}
