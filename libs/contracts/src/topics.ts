/** The services that own a topic each; the topic name is derived, never spelled by hand. */
export const SERVICES = ['inventory', 'orders', 'fulfilment', 'returns'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * Services at the edge of the log: they consume other services' events and act outside it (webhooks
 * call the channels' backends), but own no topic and publish no event of their own (their dead letters
 * go to the DLQ like anyone's). They run like any service: own schema, inbox, outbox for dead letters.
 */
export const EDGE_SERVICES = ['webhooks'] as const;
export type EdgeServiceName = (typeof EDGE_SERVICES)[number];

/** Any service a process runs: a topic owner or an edge service. */
export type AppName = ServiceName | EdgeServiceName;

/**
 * `omni.<service>.v1`, with an optional prefix (KAFKA_TOPIC_PREFIX) so that test runs and
 * tenants sharing one cluster never read each other's events.
 */
export function topicOf(service: ServiceName | 'dlq', prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return `${prefix}omni.${service}.v1`;
}

/** Dead letters are kept until an operator has dealt with them (npm run dlq): expiring one would drop an event silently. */
export const DLQ_TOPIC_CONFIG: ReadonlyArray<{ name: string; value: string }> = [{ name: 'retention.ms', value: '-1' }];

/**
 * The state other services project, each on a compacted topic keyed by entity (the Kafka changelog
 * pattern): the latest record of a key is the entity's whole state, so a consumer that reads one
 * from the beginning rebuilds its view at any age of the log. The event topics above keep the
 * history (what happened, in order per aggregate) and may expire; these never lose a live entity.
 */
export const CHANGELOGS = {
  /** inventory.location-snapshot, keyed by location id. */
  locations: 'inventory',
  /** inventory.stock-level-snapshot, keyed by stockLevelKey(sku, locationId). */
  'stock-levels': 'inventory',
  /** inventory.hold-snapshot, keyed by hold id. */
  holds: 'inventory',
} as const satisfies Record<string, ServiceName>;
export type ChangelogName = keyof typeof CHANGELOGS;
export const CHANGELOG_NAMES = Object.keys(CHANGELOGS) as ChangelogName[];

/** `omni.<owner>.<entity>.changelog.v1`, prefixed like every topic. */
export function changelogTopicOf(changelog: ChangelogName, prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return `${prefix}omni.${CHANGELOGS[changelog]}.${changelog}.changelog.v1`;
}

/** Every changelog topic: created with CHANGELOG_TOPIC_CONFIG, never with the event topics' retention. */
export function allChangelogTopics(prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string[] {
  return CHANGELOG_NAMES.map((c) => changelogTopicOf(c, prefix));
}

/** Topic configuration of a changelog: compacted, so only the newest record per key is kept (and kept forever). */
export const CHANGELOG_TOPIC_CONFIG: ReadonlyArray<{ name: string; value: string }> = [
  { name: 'cleanup.policy', value: 'compact' },
];

/** The changelog key of one stock level: '@' is in neither a SKU nor a location id. */
export const stockLevelKey = (sku: string, locationId: string): string => `${sku}@${locationId}`;
