import { api } from '@omni/platform';
import type { CapacityView } from './capacity.dto';

export const CAPACITY_VIEW = api.component(
  'Capacity',
  api.objectOf<CapacityView>({
    locationId: api.string(),
    dailyOrderLimit: api.nullable(
      api.integer({ minimum: 0, description: 'New fulfilment orders per local day; null: no limit.' }),
    ),
    sameDayCutoff: api.nullable(api.string({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
    today: api.objectOf<CapacityView['today']>({
      day: api.string({ format: 'date' }),
      timezone: api.string(),
      used: api.integer({ minimum: 0 }),
      closed: api.boolean({ description: 'Staff rejected work for lack of capacity: no new work today.' }),
      remaining: api.nullable(api.integer({ minimum: 0 })),
    }),
  }),
);
