// A small UK network for the sourcing specs (not production code: imported by *.spec.ts only).
import type { CapacityState } from '../capacity/capacity.rules';
import type { DemandLine, KnownLocation, NetworkSnapshot, SourcingPolicy } from './sourcing.model';

const base = { timezone: 'Europe/London', country: 'GB', active: true } as const;

export const DC: KnownLocation = {
  ...base,
  id: 'dc-north',
  type: 'dc',
  name: 'DC North',
  city: 'Manchester',
  postalCode: 'M1 1AA',
  lat: 53.48,
  lng: -2.24,
  capabilities: [],
};
export const SOHO: KnownLocation = {
  ...base,
  id: 'store-soho',
  type: 'store',
  name: 'Soho',
  city: 'London',
  postalCode: 'W1D 3QF',
  lat: 51.513,
  lng: -0.136,
  capabilities: ['bopis', 'ship_from_store'],
};
export const CAMDEN: KnownLocation = {
  ...base,
  id: 'store-camden',
  type: 'store',
  name: 'Camden',
  city: 'London',
  postalCode: 'NW1 8NH',
  lat: 51.539,
  lng: -0.142,
  capabilities: ['bopis', 'ship_from_store'],
};
export const BRIGHTON: KnownLocation = {
  ...base,
  id: 'store-brighton',
  type: 'store',
  name: 'Brighton',
  city: 'Brighton',
  postalCode: 'BN1 1AA',
  lat: 50.822,
  lng: -0.137,
  capabilities: ['bopis'],
};

export const POLICY: SourcingPolicy = {
  maxSplits: 3,
  sameDayRadiusKm: 30,
  sameDayCutoff: '16:00',
  alternativesRadiusKm: 50,
};
/** 11:00 in London in winter. */
export const MORNING = new Date('2025-01-15T11:00:00Z');

export const SOHO_ADDRESS = { line1: '1 Greek St', city: 'London', postalCode: 'W1D 4AB', country: 'GB' };

export function network(
  stock: Record<string, Record<string, number>>,
  capacity: Record<string, Partial<CapacityState>> = {},
  locations = [DC, SOHO, CAMDEN, BRIGHTON],
): NetworkSnapshot {
  const toMap = (units: Record<string, Record<string, number>>) =>
    new Map(Object.entries(units).map(([sku, at]) => [sku, new Map(Object.entries(at))]));
  return {
    locations,
    stock: toMap(stock),
    held: new Map(),
    capacity: new Map(
      Object.entries(capacity).map(([id, c]) => [id, { limit: null, used: 0, full: false, cutoff: null, ...c }]),
    ),
  };
}

let n = 0;
export function line(sku: string, qty: number, delivery: DemandLine['delivery'], excluded: string[] = []): DemandLine {
  return { orderLineId: `l${++n}`, sku, qty, delivery, excluded };
}

export const ship = { type: 'ship', address: SOHO_ADDRESS } as const;
export const sameDay = { type: 'same_day', address: SOHO_ADDRESS } as const;
export const pickupAt = (locationId: string) => ({ type: 'pickup', locationId }) as const;
