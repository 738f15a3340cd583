import { CHANNELS } from '@omni/contracts';
import { api } from '@omni/platform';
import type { HoldStatus } from '../hold.entity';
import type { HoldLineView, HoldView } from './hold.dto';

export const HOLD_STATUSES = api.everyValue<HoldStatus>()(['active', 'released', 'expired', 'converted']);

export const HOLD_REQUEST_EXAMPLE = {
  channel: 'web',
  lines: [
    { sku: 'SKU-0001', qty: 1, locationId: 's-001' },
    { sku: 'SKU-0002', qty: 2 },
  ],
  ttlSeconds: 900,
};

export const HOLD_EXAMPLE = {
  id: '0b6f1c52-2f0e-4d8a-9a39-5d1f0c7e4a11',
  channel: 'web',
  status: 'active',
  expiresAt: '2026-03-02T09:15:00.000Z',
  createdAt: '2026-03-02T09:00:00.000Z',
  lines: [
    { lineNo: 1, sku: 'SKU-0001', locationId: 's-001', requested: 1, held: 1, shortfall: 0 },
    { lineNo: 2, sku: 'SKU-0002', locationId: 'dc-1', requested: 2, held: 2, shortfall: 0 },
  ],
};

export const HOLD_VIEW = api.component(
  'Hold',
  api.objectOf<HoldView>({
    id: api.uuid(),
    channel: api.oneOfValues(CHANNELS),
    status: api.oneOfValues(HOLD_STATUSES),
    expiresAt: api.dateTime(),
    createdAt: api.dateTime(),
    lines: api.arrayOf(
      api.objectOf<HoldLineView>({
        lineNo: api.integer({ minimum: 1 }),
        sku: api.string(),
        locationId: api.nullable(
          api.string({ description: 'Where the units are held; null when nothing could be (a partial hold).' }),
        ),
        requested: api.integer({ minimum: 1 }),
        held: api.integer({ minimum: 0 }),
        shortfall: api.integer({ minimum: 0 }),
      }),
    ),
  }),
);
