// Orders' own test fixtures: the locations, the delivery address and waiting on its projections.
// HTTP clients, callers and fixture events come from @omni/testing.
import { StockLevelSnapshot, stockLevelKey, type HoldSnapshotV1, type LocationChangedV1 } from '@omni/contracts';
import { eventually, type EventFixtures, type RunningService } from '@omni/testing';

export function location(id: string, patch: Partial<LocationChangedV1> = {}): LocationChangedV1 {
  return {
    id,
    type: 'store',
    name: `Store ${id}`,
    address: { line1: '1 High St', city: 'Leeds', postalCode: 'LS1 1AA', country: 'GB' },
    lat: 53.8,
    lng: -1.55,
    timezone: 'Europe/London',
    capabilities: ['sells_in_store', 'bopis', 'accepts_returns'],
    active: true,
    updatedAt: new Date().toISOString(),
    ...patch,
  };
}

/** A cart hold as inventory's holds changelog carries it (inventory.hold-snapshot). */
export function holdSnapshot(holdId: string, principal: string, patch: Partial<HoldSnapshotV1> = {}): HoldSnapshotV1 {
  return {
    holdId,
    channel: 'web',
    principal,
    status: 'active',
    lines: [{ lineNo: 1, sku: 'SKU-1', locationId: 's-1', qty: 1 }],
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
    updatedAt: new Date().toISOString(),
    ...patch,
  };
}

export const ADDRESS = { line1: '2 Low Rd', city: 'York', postalCode: 'YO1 7HH', country: 'GB' };

export async function waitForRows(
  svc: RunningService,
  sql: string,
  params: unknown[],
  count: number,
  what: string,
): Promise<void> {
  await eventually(
    async () => Number((await svc.sql<{ n: string }>(`SELECT count(*) AS n FROM (${sql}) q`, params))[0].n) >= count,
    20000,
    what,
  );
}

/**
 * Orders refuses a SKU no location has ever stocked: these SKUs get a level at `locationId` on inventory's
 * stock-levels changelog, and orders is waited on until it knows them.
 */
export async function stockSkus(
  fixtures: EventFixtures,
  svc: RunningService,
  skus: readonly string[],
  locationId = 's-1',
): Promise<void> {
  const asOf = new Date().toISOString();
  for (const sku of skus) {
    const level = { sku, locationId, onHand: 5, reserved: 0, safetyStock: 0, damaged: 0, sellable: 5, asOf };
    await fixtures.publish(StockLevelSnapshot, stockLevelKey(sku, locationId), level);
  }
  await waitForKnownSkus(svc, skus);
}

/** Waits until orders has learnt `skus` from inventory's stock-levels changelog (e.g. after a receipt at the real inventory). */
export async function waitForKnownSkus(svc: RunningService, skus: readonly string[]): Promise<void> {
  const distinct = [...new Set(skus)];
  await waitForRows(
    svc,
    `SELECT 1 FROM known_skus WHERE sku = ANY($1::text[])`,
    [distinct],
    distinct.length,
    `orders to know ${distinct.join(', ')}`,
  );
}
