// Shared by fulfilment's integration tests: HTTP calls, fixture events, seeding the real inventory.
import { randomUUID } from 'node:crypto';
import { topicOf, type EventDefinition, type EventEnvelope, type OrderPlacedV1, type PlacedLineV1 } from '@omni/contracts';
import type { ServiceDefinition } from '@omni/bootstrap';
import { KafkaJsEventLog } from '@omni/messaging';
import { eventually, startTestService, type RunningService } from '@omni/testing';
// Journey tests start the real inventory beside fulfilment: tests may cross apps, production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
import { fulfilmentService } from '../src/fulfilment.service-definition';

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function call<T = Record<string, unknown>>(svc: RunningService, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply<T>> {
  const res = await fetch(`${svc.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** Publishes an event as another service would (orders does not publish order-placed yet). */
export async function publishFixture<T>(prefix: string, definition: EventDefinition<T>, key: string, data: T): Promise<EventEnvelope<T>> {
  const envelope: EventEnvelope<T> = {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: new Date().toISOString(),
    source: definition.source,
    key,
    correlationId: randomUUID(),
    causationId: null,
    actor: { principal: 'fixture' },
    data,
  };
  const log = new KafkaJsEventLog(`fixture-${randomUUID().slice(0, 8)}`, (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','));
  try {
    await log.send([{ topic: topicOf(definition.source, prefix), key, value: JSON.stringify(envelope), headers: { 'event-type': definition.type } }]);
  } finally {
    await log.close();
  }
  return envelope;
}

/** Real services on one event log; if one fails to start, the others are stopped. */
export async function startTogether(topicPrefix: string, services: ReadonlyArray<{ definition: ServiceDefinition; env?: Record<string, string> }>): Promise<RunningService[]> {
  const started = await Promise.allSettled(services.map(({ definition, env }) => startTestService(definition, { topicPrefix, env })));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  return started.map((s) => (s as PromiseFulfilledResult<RunningService>).value);
}

/** The real inventory and fulfilment side by side. */
export async function startBoth(topicPrefix: string, fulfilmentEnv: Record<string, string> = {}): Promise<[RunningService, RunningService]> {
  const [inventory, fulfilment] = await startTogether(topicPrefix, [{ definition: inventoryService }, { definition: fulfilmentService, env: fulfilmentEnv }]);
  return [inventory, fulfilment];
}

export interface Site {
  id: string;
  type: 'store' | 'warehouse' | 'dc';
  postalCode: string;
  city: string;
  lat: number;
  lng: number;
  capabilities: string[];
}

export const SITES = {
  dc: { id: 'dc-north', type: 'dc', postalCode: 'M1 1AA', city: 'Manchester', lat: 53.48, lng: -2.24, capabilities: [] },
  soho: { id: 'st-soho', type: 'store', postalCode: 'W1D 3QF', city: 'London', lat: 51.513, lng: -0.136, capabilities: ['bopis', 'ship_from_store', 'sells_in_store'] },
  camden: { id: 'st-camden', type: 'store', postalCode: 'NW1 8NH', city: 'London', lat: 51.539, lng: -0.142, capabilities: ['bopis', 'ship_from_store', 'sells_in_store'] },
} satisfies Record<string, Site>;

/** A customer address fulfilment places at Soho (shared postcode prefix W1D). */
export const SOHO_CUSTOMER = { line1: '1 Greek Street', city: 'London', postalCode: 'W1D 4AB', country: 'GB' };

export async function seedSites(inventory: RunningService, fulfilment: RunningService, sites: readonly Site[]): Promise<void> {
  const admin = inventory.token({ role: 'admin', locations: [] });
  for (const s of sites) {
    const res = await call(inventory, admin, 'PUT', `/v1/locations/${s.id}`, {
      type: s.type,
      name: s.id,
      address: { line1: `${s.id} street`, city: s.city, postalCode: s.postalCode, country: 'GB' },
      lat: s.lat,
      lng: s.lng,
      timezone: 'Europe/London',
      capabilities: s.capabilities,
      active: true,
    });
    if (res.status >= 300) throw new Error(`seeding ${s.id}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  await eventually(async () => (await fulfilment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM locations`))[0].n >= sites.length, 30000, 'fulfilment to project the locations');
}

/** Receives stock at inventory and waits until fulfilment's projection shows it sellable. */
export async function stock(inventory: RunningService, fulfilment: RunningService, sku: string, locationId: string, qty: number): Promise<void> {
  const admin = inventory.token({ role: 'admin', locations: [] });
  const res = await call(inventory, admin, 'POST', '/v1/stock/movements', { sku, locationId, type: 'receipt', quantity: qty });
  if (res.status !== 201) throw new Error(`receipt ${sku}@${locationId}: ${res.status} ${JSON.stringify(res.body)}`);
  await eventually(
    async () => (await fulfilment.sql<{ sellable: number }>(`SELECT sellable FROM stock_positions WHERE sku = $1 AND location_id = $2`, [sku, locationId]))[0]?.sellable >= qty,
    30000,
    `fulfilment to see ${qty} x ${sku} at ${locationId}`,
  );
}

export async function levelAt(inventory: RunningService, sku: string, locationId: string): Promise<{ onHand: number; reserved: number } | undefined> {
  const res = await call<Array<{ locationId: string; onHand: number; reserved: number }>>(inventory, inventory.token({ role: 'admin', locations: [] }), 'GET', `/v1/stock/${sku}/levels`);
  return res.body.find((l) => l.locationId === locationId);
}

type LineSpec = Pick<PlacedLineV1, 'sku' | 'qty' | 'delivery'>;

export function orderPlaced(orderId: string, lines: readonly LineSpec[]): OrderPlacedV1 {
  return {
    orderId,
    channel: 'web',
    customer: { id: 'c-1', email: 'c@example.com' },
    lines: lines.map((l, i) => ({ orderLineId: `${orderId}-l${i + 1}`, lineNo: i + 1, unitPriceMinor: 1000, currency: 'GBP', ...l })),
    placedAt: new Date().toISOString(),
  };
}

export interface TaskBody {
  id: string;
  orderId: string;
  locationId: string;
  status: string;
  lines: Array<{ orderLineId: string; sku: string; qty: number; status: string }>;
  pickup?: { status: string; failedAttempts: number; locked: boolean };
}

/** Waits for a task of the order at the location (optionally in a status), as the store's staff would see it. */
export async function taskFor(fulfilment: RunningService, orderId: string, locationId: string, status?: string): Promise<TaskBody> {
  const token = fulfilment.token({ role: 'store', locations: [locationId] });
  return eventually(async () => {
    const res = await call<TaskBody[]>(fulfilment, token, 'GET', `/v1/locations/${locationId}/tasks${status ? `?status=${status}` : ''}`);
    return res.body.find((t) => t.orderId === orderId);
  }, 30000, `a ${status ?? ''} task for ${orderId} at ${locationId}`);
}
