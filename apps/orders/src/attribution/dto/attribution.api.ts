import { CHANNELS } from '@omni/contracts';
import { api } from '@omni/platform';
import type { AssociateCredit, CurrencyTotals, StoreCredit } from '../attribution.rules';
import type { AttributionReport } from '../attribution.service';

const TOTALS = api.component(
  'CurrencyTotals',
  api.objectOf<CurrencyTotals>({
    currency: api.string(),
    salesMinor: api.integer(),
    refundedMinor: api.integer(),
    netMinor: api.integer(),
    orders: api.integer({ minimum: 0, description: 'Orders with at least one credited line in this currency.' }),
    units: api.integer({ minimum: 0 }),
  }),
);

export const ATTRIBUTION_REPORT = api.component(
  'AttributionReport',
  api.objectOf<AttributionReport>({
    from: api.dateTime(),
    to: api.dateTime(),
    associates: api.arrayOf(
      api.objectOf<AssociateCredit>({
        staffId: api.string(),
        locationId: api.string(),
        channels: api.arrayOf(api.oneOfValues(CHANNELS)),
        totals: api.arrayOf(TOTALS),
      }),
    ),
    stores: api.arrayOf(api.objectOf<StoreCredit>({ locationId: api.string(), totals: api.arrayOf(TOTALS) })),
  }),
);
