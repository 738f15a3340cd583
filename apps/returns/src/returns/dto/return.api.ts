import { DISPOSITIONS, RETURN_METHODS } from '@omni/contracts';
import { api } from '@omni/platform';
import { RETURN_REASONS } from '../../policy/policy.rules';
import { RETURN_STATUSES } from '../returns.rules';
import type { DispositionView, ReturnLineView, ReturnView } from './return.dto';

export const RETURN_REQUEST_EXAMPLE = {
  orderId: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  returnTo: { method: 'in-store', locationId: 's-001' },
  lines: [{ orderLineId: 'l-1', qty: 1, reason: 'wrong-size' }],
};

export const RETURN_EXAMPLE = {
  id: '4e2a9c7b-1d3f-4b5a-8c6e-0f1a2b3c4d5e',
  orderId: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  status: 'authorised',
  channel: 'web',
  customerId: 'c-1042',
  returnTo: { method: 'in-store', locationId: 's-001' },
  authorisedAt: '2026-03-10T10:00:00.000Z',
  received: null,
  inspectedAt: null,
  cancelledAt: null,
  currency: 'EUR',
  refund: null,
  lines: [
    {
      orderLineId: 'l-1',
      sku: 'SKU-0001',
      reason: 'wrong-size',
      authorisedQty: 1,
      receivedQty: null,
      unitPriceMinor: 2999,
      dispositions: [],
      refund: null,
    },
  ],
};

const DISPOSITION_VIEW = api.objectOf<DispositionView>({
  disposition: api.oneOfValues(DISPOSITIONS),
  qty: api.integer({ minimum: 1 }),
  toLocationId: api.nullable(api.string()),
  note: api.nullable(api.string()),
  inspectedAt: api.dateTime(),
});

const RETURN_LINE_VIEW = api.objectOf<ReturnLineView>({
  orderLineId: api.string(),
  sku: api.string(),
  reason: api.oneOfValues(RETURN_REASONS),
  authorisedQty: api.integer({ minimum: 1 }),
  receivedQty: api.nullable(api.integer({ minimum: 0 })),
  unitPriceMinor: api.integer({ minimum: 0 }),
  dispositions: api.arrayOf(DISPOSITION_VIEW),
  refund: api.nullable(
    api.objectOf<NonNullable<ReturnLineView['refund']>>({
      qty: api.integer({ minimum: 0 }),
      feeMinor: api.integer({ minimum: 0 }),
      amountMinor: api.integer({ minimum: 0 }),
    }),
  ),
});

export const RETURN_VIEW = api.component(
  'Return',
  api.objectOf<ReturnView>({
    id: api.uuid(),
    orderId: api.string(),
    status: api.oneOfValues(RETURN_STATUSES),
    channel: api.nullable(api.string()),
    customerId: api.string(),
    returnTo: api.objectOf<ReturnView['returnTo']>({
      method: api.oneOfValues(RETURN_METHODS),
      locationId: api.string(),
    }),
    authorisedAt: api.dateTime(),
    received: api.nullable(
      api.objectOf<NonNullable<ReturnView['received']>>({ locationId: api.string(), at: api.dateTime() }),
    ),
    inspectedAt: api.nullable(api.dateTime()),
    cancelledAt: api.nullable(api.dateTime()),
    currency: api.string(),
    refund: api.nullable(
      api.objectOf<NonNullable<ReturnView['refund']>>({
        totalMinor: api.integer({ minimum: 0 }),
        currency: api.string(),
      }),
    ),
    lines: api.arrayOf(RETURN_LINE_VIEW),
  }),
);

export const ORDER_RETURNS = api.component(
  'OrderReturns',
  api.objectOf<{ orderId: string; returns: ReturnView[] }>({
    orderId: api.string(),
    returns: api.arrayOf(RETURN_VIEW),
  }),
);
