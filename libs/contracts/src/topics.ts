/** The services that own a topic each; the topic name is derived, never spelled by hand. */
export const SERVICES = ['inventory', 'orders', 'fulfilment', 'returns'] as const;
export type ServiceName = (typeof SERVICES)[number];

/**
 * `omni.<service>.v1`, with an optional prefix (KAFKA_TOPIC_PREFIX) so that test runs and
 * tenants sharing one cluster never read each other's events.
 */
export function topicOf(service: ServiceName | 'dlq', prefix = process.env.KAFKA_TOPIC_PREFIX ?? ''): string {
  return `${prefix}omni.${service}.v1`;
}

export const ALL_TOPIC_OWNERS: ReadonlyArray<ServiceName | 'dlq'> = [...SERVICES, 'dlq'];
