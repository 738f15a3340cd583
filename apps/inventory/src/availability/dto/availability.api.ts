import { CHANNELS, LOCATION_TYPES } from '@omni/contracts';
import { api } from '@omni/platform';
import type { BatchAvailability } from '../availability.service';
import type { LocationFigure, NearbyStore, SkuAvailability } from './availability.dto';

export const SKU_AVAILABILITY = api.component(
  'SkuAvailability',
  api.objectOf<SkuAvailability>(
    {
      sku: api.string(),
      channel: api.oneOfValues(CHANNELS),
      available: api.integer({ minimum: 0, description: 'Units the channel may promise, network-wide.' }),
      asOf: api.dateTime({ description: 'When the figures were true.' }),
      locations: api.arrayOf(
        api.objectOf<LocationFigure>({
          locationId: api.string(),
          type: api.oneOfValues(LOCATION_TYPES),
          available: api.integer({ minimum: 0 }),
          asOf: api.dateTime(),
        }),
        { description: 'Each location that feeds the channel and has stock.' },
      ),
    },
    {
      examples: [
        {
          sku: 'SKU-0001',
          channel: 'web',
          available: 7,
          asOf: '2026-03-02T09:00:00.000Z',
          locations: [
            { locationId: 'dc-1', type: 'dc', available: 5, asOf: '2026-03-02T09:00:00.000Z' },
            { locationId: 's-001', type: 'store', available: 2, asOf: '2026-03-02T09:00:00.000Z' },
          ],
        },
      ],
    },
  ),
);

type BatchItem = BatchAvailability['items'][number];

export const BATCH_AVAILABILITY = api.component(
  'BatchAvailability',
  api.objectOf<BatchAvailability>({
    channel: api.oneOfValues(CHANNELS),
    asOf: api.dateTime(),
    items: api.arrayOf(
      api.objectOf<BatchItem>({ sku: api.string(), available: api.integer({ minimum: 0 }), asOf: api.dateTime() }),
    ),
  }),
);

export const NEARBY_STOCK = api.component(
  'NearbyStock',
  api.objectOf<{ sku: string; asOf: string; stores: NearbyStore[] }>({
    sku: api.string(),
    asOf: api.dateTime(),
    stores: api.arrayOf(
      api.objectOf<NearbyStore>({
        locationId: api.string(),
        name: api.string(),
        distanceKm: api.number({ minimum: 0 }),
        available: api.integer({ minimum: 0, description: 'What the store can sell over the counter now.' }),
        bopis: api.boolean({ description: 'Whether the store offers click-and-collect.' }),
        asOf: api.dateTime(),
      }),
      { description: 'Active stores within the radius, nearest first.' },
    ),
  }),
);

export const AVAILABILITY_STREAM = api.string({
  description:
    'Server-Sent Events: `event: snapshot` (data: a SkuAvailability) once per SKU, then `event: availability` ' +
    '(data: `{ sku, channel, locationId, available, asOf }`) at each change of a watched SKU at a location feeding the channel, ' +
    'and `event: keepalive` every 15 s. Order snapshot and changes by `asOf`.',
});
