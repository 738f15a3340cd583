import { CHANNELS } from '@omni/contracts';
import { api } from '@omni/platform';
import { NOT_RETURNABLE_REASONS } from '../../policy/policy.rules';
import type { ReturnableLineView, ReturnableOrderView } from './returnable.dto';

export const RETURNABLE_EXAMPLE: ReturnableOrderView = {
  orderId: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  externalRef: 'WEB-100042',
  channel: 'web',
  placedAt: '2026-03-02T09:00:00.000Z',
  lines: [
    {
      orderLineId: 'l-1',
      lineNo: 1,
      sku: 'SKU-0001',
      qty: 2,
      fulfilledQty: 2,
      returnedQty: 1,
      returnableQty: 1,
      unitPriceMinor: 2999,
      currency: 'EUR',
      windowClosesAt: '2026-04-04T15:00:00.000Z',
      returnable: true,
      notReturnable: null,
    },
    {
      orderLineId: 'l-2',
      lineNo: 2,
      sku: 'GIFTCARD-50',
      qty: 1,
      fulfilledQty: 1,
      returnedQty: 0,
      returnableQty: 0,
      unitPriceMinor: 5000,
      currency: 'EUR',
      windowClosesAt: '2026-04-04T15:00:00.000Z',
      returnable: false,
      notReturnable: { reason: 'sku-not-returnable', detail: 'GIFTCARD-50 cannot be returned' },
    },
  ],
};

const RETURNABLE_LINE_VIEW = api.objectOf<ReturnableLineView>({
  orderLineId: api.string(),
  lineNo: api.integer({ minimum: 1 }),
  sku: api.string(),
  qty: api.integer({ minimum: 1, description: 'Units bought.' }),
  fulfilledQty: api.integer({
    minimum: 0,
    description: 'Units handed over at a store or shipped: what the customer has (or has on its way).',
  }),
  returnedQty: api.integer({ minimum: 0, description: 'Units already returned, or authorised and on their way back.' }),
  returnableQty: api.integer({ minimum: 0, description: 'Units a return may take now.' }),
  unitPriceMinor: api.integer({ minimum: 0 }),
  currency: api.string(),
  windowClosesAt: api.nullable(
    api.dateTime({ description: 'The end of the return window; null until something of the line left.' }),
  ),
  returnable: api.boolean({ description: 'Whether a return may take a unit of the line now (`returnableQty > 0`).' }),
  notReturnable: api.nullable(
    api.objectOf<NonNullable<ReturnableLineView['notReturnable']>>(
      {
        reason: api.oneOfValues(NOT_RETURNABLE_REASONS),
        detail: api.string({ description: 'The return policy’s words, as a refused return would give them.' }),
      },
      { description: 'Why nothing of the line can come back now; null when something can.' },
    ),
  ),
});

export const RETURNABLE_ORDER_VIEW = api.component(
  'ReturnableOrder',
  api.objectOf<ReturnableOrderView>({
    orderId: api.string(),
    externalRef: api.nullable(api.string({ description: 'The order’s id in the channel that took it.' })),
    channel: api.oneOfValues(CHANNELS),
    placedAt: api.dateTime(),
    lines: api.arrayOf(RETURNABLE_LINE_VIEW),
  }),
);

export const RETURNABLE_ORDERS = api.component(
  'ReturnableOrders',
  api.objectOf<{ items: ReturnableOrderView[] }>({ items: api.arrayOf(RETURNABLE_ORDER_VIEW) }),
);
