import { LOCATION_CAPABILITIES, LOCATION_TYPES, type AddressV1 } from '@omni/contracts';
import { api } from '@omni/platform';
import type { LocationView } from './location.dto';

/** A postal address as the services answer it (the event shape). */
export const ADDRESS = api.component(
  'Address',
  api.objectOf<AddressV1>({
    line1: api.string(),
    line2: api.optional(api.string()),
    city: api.string(),
    region: api.optional(api.string()),
    postalCode: api.string(),
    country: api.string({ description: 'ISO 3166-1 alpha-2.' }),
  }),
);

export const LOCATION_EXAMPLE = {
  id: 's-001',
  type: 'store',
  name: 'Lyon Part-Dieu',
  address: { line1: '17 rue du Docteur Bouchut', city: 'Lyon', postalCode: '69003', country: 'FR' },
  lat: 45.7606,
  lng: 4.8594,
  timezone: 'Europe/Paris',
  capabilities: ['sells_in_store', 'bopis', 'ship_from_store', 'accepts_returns'],
  active: true,
  updatedAt: '2026-03-02T09:00:00.000Z',
};

export const LOCATION_VIEW = api.component(
  'Location',
  api.objectOf<LocationView>({
    id: api.string(),
    type: api.oneOfValues(LOCATION_TYPES),
    name: api.string(),
    address: ADDRESS,
    lat: api.number(),
    lng: api.number(),
    timezone: api.string(),
    capabilities: api.arrayOf(api.oneOfValues(LOCATION_CAPABILITIES)),
    active: api.boolean(),
    updatedAt: api.dateTime(),
  }),
);
