// Shared by fulfilment's integration tests: the sites, seeding the real inventory, orders and tasks.
// HTTP clients, callers, fixture events and starting services come from @omni/testing.
import type { OrderPlacedV1, PlacedLineV1 } from '@omni/contracts';
import {
  ADMIN,
  apiClient,
  eventually,
  startServices,
  storeStaff,
  testDatabaseUrl,
  type RunningService,
} from '@omni/testing';
import { DataSource } from 'typeorm';
// Journey tests start the real inventory beside fulfilment: tests may cross apps, production code may not.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { inventoryService } from '../../inventory/src/inventory.service-definition';
import { fulfilmentService } from '../src/fulfilment.service-definition';

/** The real inventory and fulfilment side by side. */
export async function startBoth(
  topicPrefix: string,
  fulfilmentEnv: Record<string, string> = {},
): Promise<[RunningService, RunningService]> {
  const [inventory, fulfilment] = await startServices(topicPrefix, [
    inventoryService,
    { definition: fulfilmentService, env: fulfilmentEnv },
  ]);
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
  dc: {
    id: 'dc-north',
    type: 'dc',
    postalCode: 'M1 1AA',
    city: 'Manchester',
    lat: 53.48,
    lng: -2.24,
    capabilities: [],
  },
  soho: {
    id: 'st-soho',
    type: 'store',
    postalCode: 'W1D 3QF',
    city: 'London',
    lat: 51.513,
    lng: -0.136,
    capabilities: ['bopis', 'ship_from_store', 'sells_in_store'],
  },
  camden: {
    id: 'st-camden',
    type: 'store',
    postalCode: 'NW1 8NH',
    city: 'London',
    lat: 51.539,
    lng: -0.142,
    capabilities: ['bopis', 'ship_from_store', 'sells_in_store'],
  },
} satisfies Record<string, Site>;

/** A customer address fulfilment places at Soho (shared postcode prefix W1D). */
export const SOHO_CUSTOMER = { line1: '1 Greek Street', city: 'London', postalCode: 'W1D 4AB', country: 'GB' };

/** Creates the sites at inventory and, unless fulfilment is not running (null), waits until fulfilment knows them. */
export async function seedSites(
  inventory: RunningService,
  fulfilment: RunningService | null,
  sites: readonly Site[],
): Promise<void> {
  const admin = apiClient(inventory, ADMIN);
  for (const s of sites) {
    const res = await admin.put(`/v1/locations/${s.id}`, {
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
  if (!fulfilment) return;
  await eventually(
    async () => (await fulfilment.sql<{ n: number }>(`SELECT count(*)::int AS n FROM locations`))[0].n >= sites.length,
    30000,
    'fulfilment to project the locations',
  );
}

/** Receives stock at inventory and waits until fulfilment's projection shows it sellable. */
export async function stock(
  inventory: RunningService,
  fulfilment: RunningService,
  sku: string,
  locationId: string,
  qty: number,
): Promise<void> {
  const res = await apiClient(inventory, ADMIN).post('/v1/stock/movements', {
    sku,
    locationId,
    type: 'receipt',
    quantity: qty,
  });
  if (res.status !== 201) throw new Error(`receipt ${sku}@${locationId}: ${res.status} ${JSON.stringify(res.body)}`);
  await eventually(
    async () =>
      (
        await fulfilment.sql<{ sellable: number }>(
          `SELECT sellable FROM stock_positions WHERE sku = $1 AND location_id = $2`,
          [sku, locationId],
        )
      )[0]?.sellable >= qty,
    30000,
    `fulfilment to see ${qty} x ${sku} at ${locationId}`,
  );
}

export async function levelAt(
  inventory: RunningService,
  sku: string,
  locationId: string,
): Promise<{ onHand: number; reserved: number } | undefined> {
  const res = await apiClient(inventory, ADMIN).get<Array<{ locationId: string; onHand: number; reserved: number }>>(
    `/v1/stock/${sku}/levels`,
  );
  return res.body.find((l) => l.locationId === locationId);
}

type LineSpec = Pick<PlacedLineV1, 'sku' | 'qty' | 'delivery'>;

export function orderPlaced(orderId: string, lines: readonly LineSpec[]): OrderPlacedV1 {
  return {
    orderId,
    channel: 'web',
    customer: { id: 'c-1', email: 'c@example.com' },
    lines: lines.map((l, i) => ({
      orderLineId: `${orderId}-l${i + 1}`,
      lineNo: i + 1,
      unitPriceMinor: 1000,
      currency: 'GBP',
      ...l,
    })),
    placedAt: new Date().toISOString(),
  };
}

export interface TaskBody {
  id: string;
  orderId: string;
  locationId: string;
  status: string;
  createdAt: string;
  lines: Array<{ orderLineId: string; sku: string; qty: number; status: string }>;
  pickup?: { status: string; failedAttempts: number; locked: boolean };
}

/** Waits for a task of the order at the location (optionally in a status), as the store's staff would see it. */
export async function taskFor(
  fulfilment: RunningService,
  orderId: string,
  locationId: string,
  status?: string,
): Promise<TaskBody> {
  const staff = apiClient(fulfilment, storeStaff(locationId));
  return eventually(
    async () => {
      const res = await staff.get<{ items: TaskBody[] }>(
        `/v1/locations/${locationId}/tasks${status ? `?status=${status}` : ''}`,
      );
      return res.body.items.find((t) => t.orderId === orderId);
    },
    30000,
    `a ${status ?? ''} task for ${orderId} at ${locationId}`,
  );
}

/** A data source on `schema` running exactly `migrations`: a migration test stores rows before one, then runs it. */
export const migrationDataSource = (schema: string, migrations: Array<new () => unknown>): DataSource =>
  new DataSource({
    type: 'postgres',
    url: testDatabaseUrl(),
    schema,
    migrations,
    migrationsTableName: 'migrations',
    extra: { max: 2, options: `-c search_path=${schema}` },
  });
