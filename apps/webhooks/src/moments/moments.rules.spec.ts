import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CancelDecided,
  LinesUnfulfillable,
  OrderCancelled,
  PickupReminderDue,
  ReadyForPickup,
  RefundDecided,
  ShipmentDelivered,
  ShipmentDispatched,
  TaskProgressed,
  type EventDefinition,
  type EventEnvelope,
} from '@omni/contracts';
import { OpenApiResponseChecker } from '@omni/testing';
import { webhookBody, webhookOf, WEBHOOK_EVENT_TYPES, type KnownOrderFacts } from './moments.rules';

const order: KnownOrderFacts = {
  orderId: 'o-1',
  channel: 'web',
  customerId: 'c-1',
  externalRef: 'WEB-42',
  lineIds: ['l-1', 'l-2'],
};
const lines = [{ orderLineId: 'l-1', sku: 'SKU-1', qty: 2 }];

function envelope<T>(definition: EventDefinition<T>, data: T): EventEnvelope<T> {
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    occurredAt: '2026-03-01T10:00:00.000Z',
    source: definition.source,
    key: 'o-1',
    correlationId: 'c',
    causationId: null,
    actor: {},
    data,
  };
}

describe('the webhook each event makes', () => {
  it('carries the pickup code on ready-for-pickup, with the customer and the channel’s own reference', () => {
    const event = envelope(ReadyForPickup, {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 's-1',
      lines,
      expiresAt: '2026-03-08T10:00:00.000Z',
      pickupCode: '042042',
    });
    expect(webhookOf(event, order)).toEqual({
      type: 'order.ready-for-pickup',
      data: {
        fulfilmentOrderId: 'fo-1',
        locationId: 's-1',
        lines,
        expiresAt: '2026-03-08T10:00:00.000Z',
        pickupCode: '042042',
        customerId: 'c-1',
        externalRef: 'WEB-42',
      },
    });
  });

  it('names the carrier and tracking number of a shipment, and when it was delivered', () => {
    const shipped = envelope(ShipmentDispatched, {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 'dc-1',
      lines,
      carrier: 'ups',
      trackingNumber: '1Z9',
    });
    expect(webhookOf(shipped, order)?.data).toMatchObject({
      carrier: 'ups',
      trackingNumber: '1Z9',
      locationId: 'dc-1',
      lines,
    });
    const delivered = envelope(ShipmentDelivered, { orderId: 'o-1', fulfilmentOrderId: 'fo-1', lines });
    expect(webhookOf(delivered, order)).toMatchObject({
      type: 'order.delivered',
      data: { deliveredAt: delivered.occurredAt },
    });
    expect(
      webhookOf(
        envelope(ShipmentDelivered, {
          orderId: 'o-1',
          fulfilmentOrderId: 'fo-1',
          lines,
          deliveredAt: '2026-02-28T09:00:00.000Z',
        }),
        order,
      )?.data,
    ).toMatchObject({
      deliveredAt: '2026-02-28T09:00:00.000Z',
    });
  });

  it('is order.cancelled whoever decided the cancel; a decision that cancelled nothing makes none', () => {
    const decided = envelope(CancelDecided, {
      orderId: 'o-1',
      cancelled: ['l-2'],
      refused: [{ orderLineId: 'l-1', reason: 'picked_up' }],
      reason: 'changed mind',
    });
    expect(webhookOf(decided, order)).toMatchObject({
      type: 'order.cancelled',
      data: { lineIds: ['l-2'], reason: 'changed mind', refused: [{ orderLineId: 'l-1', reason: 'picked_up' }] },
    });
    expect(
      webhookOf(
        envelope(CancelDecided, {
          orderId: 'o-1',
          cancelled: [],
          refused: [{ orderLineId: 'l-1', reason: 'picked_up' }],
        }),
        order,
      ),
    ).toBeNull();
    const noShow = envelope(OrderCancelled, { orderId: 'o-1', lineIds: ['l-1'], reason: 'pickup-expired' });
    expect(webhookOf(noShow, order)).toMatchObject({
      type: 'order.cancelled',
      data: { lineIds: ['l-1'], reason: 'pickup-expired', refused: [] },
    });
    expect(webhookOf(envelope(OrderCancelled, { orderId: 'o-1' }), order)?.data).toMatchObject({
      lineIds: ['l-1', 'l-2'],
      reason: null,
    });
  });

  it('passes on the reminder, the lines no location can serve (with alternatives) and the refund', () => {
    expect(
      webhookOf(
        envelope(PickupReminderDue, {
          orderId: 'o-1',
          fulfilmentOrderId: 'fo-1',
          locationId: 's-1',
          expiresAt: '2026-03-08T10:00:00.000Z',
        }),
        order,
      )?.type,
    ).toBe('order.pickup-reminder');
    const unfulfillable = envelope(LinesUnfulfillable, {
      orderId: 'o-1',
      lines: [{ orderLineId: 'l-1', reason: 'no-stock', alternatives: [{ locationId: 's-2', name: 'Two' }] }],
    });
    expect(webhookOf(unfulfillable, order)?.data).toMatchObject({
      lines: [
        {
          orderLineId: 'l-1',
          reason: 'no-stock',
          alternatives: [{ locationId: 's-2', name: 'Two', distanceKm: null }],
        },
      ],
    });
    const refund = envelope(RefundDecided, {
      returnId: 'r-1',
      orderId: 'o-1',
      lines: [{ orderLineId: 'l-1', qty: 1, amountMinor: 4900, currency: 'EUR' }],
      totalMinor: 4900,
      currency: 'EUR',
    });
    expect(webhookOf(refund, order)).toMatchObject({
      type: 'order.refund-decided',
      data: { returnId: 'r-1', totalMinor: 4900, currency: 'EUR' },
    });
  });

  it('covers every webhook type, and makes none for the journey’s other events', () => {
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(7);
    expect(
      webhookOf(
        envelope(TaskProgressed, {
          orderId: 'o-1',
          fulfilmentOrderId: 'fo-1',
          taskId: 't-1',
          locationId: 's-1',
          step: 'picked',
        }),
        order,
      ),
    ).toBeNull();
  });
});

describe('the webhook body', () => {
  it('is the same bytes for the same event, led by the event id', () => {
    const event = envelope(PickupReminderDue, {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 's-1',
      expiresAt: '2026-03-08T10:00:00.000Z',
    });
    const webhook = webhookOf(event, order);
    if (!webhook) throw new Error('no webhook');
    const body = webhookBody(event, order, webhook);
    expect(body).toBe(webhookBody(event, order, webhook));
    expect(Object.keys(JSON.parse(body))).toEqual(['id', 'type', 'occurredAt', 'orderId', 'data']);
    expect(JSON.parse(body)).toMatchObject({
      id: event.id,
      type: 'order.pickup-reminder',
      occurredAt: event.occurredAt,
      orderId: 'o-1',
    });
  });
});

describe('the webhook bodies the document declares', () => {
  // The committed document (libs/client/openapi, kept in step with the code by @omni/client's spec): its `webhooks`.
  const checker = new OpenApiResponseChecker(
    JSON.parse(readFileSync(path.resolve(__dirname, '../../../../libs/client/openapi/webhooks.json'), 'utf8')),
  );
  const pickup = {
    orderId: 'o-1',
    fulfilmentOrderId: 'fo-1',
    locationId: 's-1',
    lines,
    expiresAt: '2026-03-08T10:00:00.000Z',
  };
  const events: EventEnvelope[] = [
    envelope(ReadyForPickup, { ...pickup, pickupCode: '042042' }),
    envelope(ReadyForPickup, pickup),
    envelope(PickupReminderDue, {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 's-1',
      expiresAt: '2026-03-08T10:00:00.000Z',
    }),
    envelope(ShipmentDispatched, {
      orderId: 'o-1',
      fulfilmentOrderId: 'fo-1',
      locationId: 'dc-1',
      lines,
      carrier: 'ups',
      trackingNumber: '1Z9',
    }),
    envelope(ShipmentDispatched, { orderId: 'o-1', fulfilmentOrderId: 'fo-1', locationId: 'dc-1', lines }),
    envelope(ShipmentDelivered, { orderId: 'o-1', fulfilmentOrderId: 'fo-1', lines }),
    envelope(CancelDecided, {
      orderId: 'o-1',
      cancelled: ['l-2'],
      refused: [{ orderLineId: 'l-1', reason: 'picked_up' }],
      reason: 'changed mind',
    }),
    envelope(OrderCancelled, { orderId: 'o-1' }),
    envelope(LinesUnfulfillable, {
      orderId: 'o-1',
      lines: [
        {
          orderLineId: 'l-1',
          reason: 'no-stock',
          alternatives: [
            { locationId: 's-2', name: 'Two', distanceKm: 3.5 },
            { locationId: 's-3', name: 'Three' },
          ],
        },
      ],
    }),
    envelope(LinesUnfulfillable, { orderId: 'o-1', lines: [{ orderLineId: 'l-1', reason: 'no-stock' }] }),
    envelope(RefundDecided, {
      returnId: 'r-1',
      orderId: 'o-1',
      lines: [{ orderLineId: 'l-1', qty: 1, amountMinor: 4900, currency: 'EUR' }],
      totalMinor: 4900,
      currency: 'EUR',
    }),
  ];

  it('are the bodies sent, for every webhook type, with its optional facts present or not', () => {
    const bodies = events.map((event) => {
      const webhook = webhookOf(event, order);
      if (!webhook) throw new Error(`no webhook for ${event.type}`);
      return webhookBody(event, order, webhook);
    });
    expect(new Set(bodies.map((body) => JSON.parse(body).type))).toEqual(new Set(WEBHOOK_EVENT_TYPES));
    const headers = {
      'omni-signature': 't=1,v1=0',
      'omni-event-id': 'e',
      'omni-event-type': 't',
      'omni-delivery-id': 'd',
    };
    for (const body of bodies) expect(checker.webhookProblemsWith({ headers, body })).toEqual([]);
  });
});
