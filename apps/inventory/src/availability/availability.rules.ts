// Availability figures and nearby-store ranking, pure.
import type { ChannelRule, ChannelRuleStrategy } from '../channels/channels.rules';
import { sellable, type LevelFigures } from '../stock/stock.rules';

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

export interface Point {
  lat: number;
  lng: number;
}

/** Great-circle distance (haversine): accurate to well under 1% at store-finder distances. */
export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

export interface LocationAvailability {
  locationId: string;
  available: number;
}

/** Per location, what the channel may promise; the network figure is their sum. */
export function channelAvailability(
  rule: ChannelRule,
  strategy: ChannelRuleStrategy,
  levels: ReadonlyArray<LevelFigures & { locationId: string }>,
): { available: number; locations: LocationAvailability[] } {
  const locations = levels.map((l) => ({
    locationId: l.locationId,
    available: strategy.availableToPromise(rule, sellable(l)),
  }));
  return { available: locations.reduce((sum, l) => sum + l.available, 0), locations };
}

export interface Placed extends Point {
  id: string;
}

/** Locations within `radiusKm` of `origin`, nearest first (ties by id, so pages are stable). */
export function withinRadius<L extends Placed>(
  origin: Point,
  radiusKm: number,
  locations: Iterable<L>,
): Array<L & { distanceKm: number }> {
  return [...locations]
    .map((l) => ({ ...l, distanceKm: distanceKm(origin, l) }))
    .filter((l) => l.distanceKm <= radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
