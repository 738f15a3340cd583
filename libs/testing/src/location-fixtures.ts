/** The body of `PUT /v1/locations/{id}` for a French store: what tests vary is its name, place and capabilities. */
export function storeBody(
  name: string,
  place: { city: string; postalCode: string; lat: number; lng: number },
  capabilities: string[] = ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'],
) {
  return {
    type: 'store',
    name,
    address: { line1: `1 ${name}`, city: place.city, postalCode: place.postalCode, country: 'FR' },
    lat: place.lat,
    lng: place.lng,
    timezone: 'Europe/Paris',
    capabilities,
    active: true,
  };
}
