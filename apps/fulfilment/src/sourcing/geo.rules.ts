// Distances for sourcing. Order addresses carry no coordinates (AddressV1), so a destination is
// placed from what fulfilment does know: the coordinates of its own locations.

export interface Point {
  lat: number;
  lng: number;
}

export interface PlaceableAddress {
  postalCode?: string;
  city?: string;
  country?: string;
}

export interface PlacedLocation extends Point {
  postalCode: string;
  city: string;
  country: string;
}

export type Destination = ({ known: true } & Point & { basis: string }) | { known: false; basis: string };

const EARTH_RADIUS_KM = 6371;
/** Shorter shared prefixes (a postcode area letter, a zip's first digit) span too much to mean "near". */
export const MIN_POSTCODE_PREFIX = 3;

const toRad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in km. */
export function haversineKm(a: Point, b: Point): number {
  const dLat = toRad(b.lat - a.lat);
  const dLng = toRad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(toRad(a.lat)) * Math.cos(toRad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const normalisePostcode = (p: string | undefined) => (p ?? '').toUpperCase().replace(/[^A-Z0-9]/g, '');
const sameText = (a: string | undefined, b: string | undefined) =>
  !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function centroid(points: readonly Point[]): Point {
  return {
    lat: points.reduce((s, p) => s + p.lat, 0) / points.length,
    lng: points.reduce((s, p) => s + p.lng, 0) / points.length,
  };
}

/**
 * Places an address at the centroid of the known locations in its country sharing the longest
 * postcode prefix (at least MIN_POSTCODE_PREFIX characters), else of those in the same city.
 * Otherwise its distance is unknown: ship lines then rank by stock and capacity alone, and
 * same-day lines (which need a proven radius) cannot be served.
 */
export function placeAddress(address: PlaceableAddress | undefined, locations: readonly PlacedLocation[]): Destination {
  if (!address) return { known: false, basis: 'no address' };
  const inCountry = locations.filter((l) => sameText(l.country, address.country));
  const postcode = normalisePostcode(address.postalCode);
  let best = 0;
  let nearest: PlacedLocation[] = [];
  for (const l of inCountry) {
    const n = sharedPrefix(postcode, normalisePostcode(l.postalCode));
    if (n < MIN_POSTCODE_PREFIX || n < best) continue;
    if (n > best) nearest = [];
    best = n;
    nearest.push(l);
  }
  if (nearest.length) return { known: true, ...centroid(nearest), basis: `postcode prefix ${postcode.slice(0, best)}` };
  const sameCity = inCountry.filter((l) => sameText(l.city, address.city));
  if (sameCity.length) return { known: true, ...centroid(sameCity), basis: `city ${address.city}` };
  return { known: false, basis: 'no known location shares its postcode area or city' };
}
