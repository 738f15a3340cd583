// Returns' own test fixtures: sold order lines, dates in the past, locations. HTTP clients,
// callers and fixture events come from @omni/testing.
import type { OrderPlacedV1 } from '@omni/contracts';

export interface SoldLine {
  orderLineId: string;
  sku: string;
  qty: number;
  unitPriceMinor: number;
}

export function orderPlaced(orderId: string, lines: SoldLine[], pickupAt: string): OrderPlacedV1 {
  return {
    orderId,
    channel: 'web',
    customer: { id: `cust-${orderId}` },
    lines: lines.map((l, i) => ({
      ...l,
      lineNo: i + 1,
      currency: 'EUR',
      delivery: { type: 'pickup', locationId: pickupAt },
    })),
    placedAt: new Date().toISOString(),
  };
}

export const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);

export const location = (type: 'store' | 'dc', lat: number, lng: number) => ({
  type,
  name: `${type} ${lat},${lng}`,
  address: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
  lat,
  lng,
  timezone: 'Europe/Paris',
  capabilities: type === 'store' ? ['sells_in_store', 'bopis', 'accepts_returns'] : ['accepts_returns'],
  active: true,
});
