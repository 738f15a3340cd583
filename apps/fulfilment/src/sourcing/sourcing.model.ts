// The shapes sourcing works on: pure data, no Nest, no I/O.
import type { AddressV1, DeliveryType, LocationCapability, LocationType } from '@omni/contracts';
import type { CapacityState } from '../capacity/capacity.rules';
import type { Destination, PlacedLocation } from './geo.rules';

export interface KnownLocation extends PlacedLocation {
  id: string;
  type: LocationType;
  name: string;
  timezone: string;
  capabilities: readonly LocationCapability[];
  active: boolean;
}

export interface Delivery {
  type: DeliveryType;
  address?: AddressV1;
  locationId?: string;
}

/** An order line to place, with the locations that already failed it (inventory rejection, short pick, ...). */
export interface DemandLine {
  orderLineId: string;
  sku: string;
  qty: number;
  delivery: Delivery;
  excluded: readonly string[];
  /** Inventory's last word on the line, when it just refused it: what it had sellable there. */
  shortAt?: { locationId: string; available: number };
}

export interface SourcingRequest {
  orderId: string;
  lines: readonly DemandLine[];
}

/** sku -> location id -> units. */
export type UnitsBySku = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** What the network looks like to fulfilment now, from its projections of inventory's events. */
export interface NetworkSnapshot {
  locations: readonly KnownLocation[];
  /** Sellable units, plus what the order's own cart hold keeps there (it converts into the allocation). */
  stock: UnitsBySku;
  /** Units the order's cart hold keeps. */
  held: UnitsBySku;
  /** Missing: no limit and nothing used today. */
  capacity: ReadonlyMap<string, CapacityState>;
}

export interface SourcingPolicy {
  maxSplits: number;
  sameDayRadiusKm: number;
  /** HH:MM, store local time, unless the location overrides it. */
  sameDayCutoff: string;
  alternativesRadiusKm: number;
}

export interface ScoreParts {
  /** 1 at the destination, 0 at the horizon or beyond; null when the distance is unknown. */
  distance: number | null;
  /** Share of the group's units this location can serve. */
  stock: number;
  /** Share of today's capacity still free. */
  capacity: number;
  /** Share of the group's units the order's cart hold keeps here. */
  hold: number;
}

export interface CandidateScore {
  locationId: string;
  name: string;
  type: LocationType;
  eligible: boolean;
  score: number | null;
  distanceKm: number | null;
  parts: ScoreParts | null;
  servableLineIds: string[];
  reasons: string[];
}

export interface GroupDecision {
  key: string;
  deliveryType: DeliveryType;
  lineIds: string[];
  destination: Destination;
  candidates: CandidateScore[];
  chosen: string[];
  notes: string[];
}

export interface Assignment {
  orderLineId: string;
  sku: string;
  qty: number;
  locationId: string;
  deliveryType: DeliveryType;
}

export interface Alternative {
  locationId: string;
  name: string;
  distanceKm?: number;
}

export interface Unplaced {
  orderLineId: string;
  reason: string;
  alternatives?: Alternative[];
}

export interface SourcingPlan {
  strategy: string;
  assignments: Assignment[];
  unfulfillable: Unplaced[];
  groups: GroupDecision[];
}

/** The plug point (Vendure's StockLocationStrategy): swap the strategy, keep the saga. */
export interface SourcingStrategy {
  readonly name: string;
  plan(request: SourcingRequest, network: NetworkSnapshot, policy: SourcingPolicy, now: Date): SourcingPlan;
}

export const unitsAt = (units: UnitsBySku, sku: string, locationId: string): number =>
  units.get(sku)?.get(locationId) ?? 0;
