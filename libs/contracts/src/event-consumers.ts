import type { ServiceName } from './topics';

/**
 * How a service reads an event type:
 * - `handlers`: an `@EventPattern` handler, in the service's consumer group (KAFKA_GROUP_ID, by default the
 *   service's name), through the inbox, dead-lettered after bounded retries;
 * - `saga`: a step of fulfilment's allocation saga, made into such a handler from the saga table;
 * - `changelog`: a ChangelogReader rebuilding a projection, from the beginning, in a group of each process's
 *   own (`<group>-<reader>-<uuid>`);
 * - `live-feed`: inventory's LiveFeed, from the end, in a group of each process's own (`<group>-live-<uuid>`);
 *   it keeps every replica's caches and SSE streams current and writes no state.
 */
export type ConsumerKind = 'handlers' | 'saga' | 'changelog' | 'live-feed';

export interface EventConsumer {
  service: ServiceName;
  via: ConsumerKind;
  /** The ChangelogReader's name (`changelog` only). */
  reader?: string;
}

/**
 * Who reads each event type (every version of a type: handlers are routed by type). Contracts may not import
 * the apps, so the table is found in apps/{service}/src by event-consumers.spec.ts and committed here: the spec
 * fails when it is stale, and `UPDATE_EVENT_CONSUMERS=1 npx jest libs/contracts/src/event-consumers.spec.ts
 * --selectProjects unit` writes it anew. An event type nobody reads has no entry.
 */
// prettier-ignore
export const EVENT_CONSUMERS: Readonly<Record<string, readonly EventConsumer[]>> = {
  // generated:begin
  'fulfilment.allocation-requested': [{ service: 'inventory', via: 'handlers' }],
  'fulfilment.cancel-decided': [{ service: 'inventory', via: 'handlers' }, { service: 'orders', via: 'handlers' }, { service: 'returns', via: 'handlers' }],
  'fulfilment.fulfilment-order-created': [{ service: 'orders', via: 'handlers' }],
  'fulfilment.fulfilment-order-rejected': [{ service: 'inventory', via: 'handlers' }],
  'fulfilment.lines-unfulfillable': [{ service: 'inventory', via: 'handlers' }, { service: 'orders', via: 'handlers' }],
  'fulfilment.pickup-expired': [{ service: 'orders', via: 'handlers' }],
  'fulfilment.pickup-handed-over': [{ service: 'inventory', via: 'handlers' }, { service: 'orders', via: 'handlers' }, { service: 'returns', via: 'handlers' }],
  'fulfilment.ready-for-pickup': [{ service: 'orders', via: 'handlers' }],
  'fulfilment.shipment-delivered': [{ service: 'orders', via: 'handlers' }, { service: 'returns', via: 'handlers' }],
  'fulfilment.shipment-dispatched': [{ service: 'inventory', via: 'handlers' }, { service: 'orders', via: 'handlers' }, { service: 'returns', via: 'handlers' }],
  'fulfilment.short-picked': [{ service: 'inventory', via: 'handlers' }],
  'inventory.allocated': [{ service: 'orders', via: 'handlers' }, { service: 'fulfilment', via: 'saga' }],
  'inventory.allocation-rejected': [{ service: 'fulfilment', via: 'saga' }],
  'inventory.channel-rules-changed': [{ service: 'inventory', via: 'live-feed' }],
  'inventory.discrepancy-detected': [{ service: 'fulfilment', via: 'saga' }],
  'inventory.hold-snapshot': [{ service: 'orders', via: 'changelog', reader: 'inventory-view' }, { service: 'fulfilment', via: 'changelog', reader: 'inventory-view' }],
  'inventory.location-changed': [{ service: 'inventory', via: 'live-feed' }],
  'inventory.location-snapshot': [{ service: 'orders', via: 'changelog', reader: 'inventory-view' }, { service: 'fulfilment', via: 'changelog', reader: 'inventory-view' }],
  'inventory.stock-level-changed': [{ service: 'inventory', via: 'live-feed' }],
  'inventory.stock-level-snapshot': [{ service: 'orders', via: 'changelog', reader: 'inventory-view' }, { service: 'fulfilment', via: 'changelog', reader: 'inventory-view' }],
  'orders.cancel-requested': [{ service: 'fulfilment', via: 'saga' }],
  'orders.order-cancelled': [{ service: 'inventory', via: 'handlers' }, { service: 'fulfilment', via: 'saga' }, { service: 'returns', via: 'handlers' }],
  'orders.order-placed': [{ service: 'fulfilment', via: 'saga' }, { service: 'returns', via: 'handlers' }],
  'returns.item-restocked': [{ service: 'inventory', via: 'handlers' }],
  'returns.items-received': [{ service: 'orders', via: 'handlers' }],
  'returns.refund-decided': [{ service: 'orders', via: 'handlers' }],
  // generated:end
};

export const consumersOf = (type: string): readonly EventConsumer[] => EVENT_CONSUMERS[type] ?? [];
