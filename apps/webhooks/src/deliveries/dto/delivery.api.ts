import { api } from '@omni/platform';
import { WEBHOOK_EVENT_TYPES } from '../../moments/moments.rules';
import type { AttemptView, DeliveryView } from '../deliveries.service';
import { DELIVERY_STATUSES, type AttemptTrigger } from '../delivery.entity';

const TRIGGERS = api.everyValue<AttemptTrigger>()(['event', 'retry', 'redelivery']);

const ATTEMPT_VIEW = api.component(
  'WebhookDeliveryAttempt',
  api.objectOf<AttemptView>({
    attempt: api.integer({ minimum: 1 }),
    trigger: api.oneOfValues(TRIGGERS, {
      description: 'The event’s first attempt, a retry after a failure, or a redelivery asked for by hand.',
    }),
    attemptedAt: api.dateTime(),
    statusCode: api.nullable(
      api.integer({ description: 'What the receiver answered; null when it did not (see `error`).' }),
    ),
    error: api.nullable(
      api.string({
        description:
          'Why there was no answer (a timeout, a refused connection or address), or that a redirect was not followed; null otherwise.',
      }),
    ),
    durationMs: api.integer({ minimum: 0 }),
  }),
);

export const DELIVERY_VIEW = api.component(
  'WebhookDelivery',
  api.objectOf<DeliveryView>({
    id: api.uuid({ description: 'The `Omni-Delivery-Id` header of each attempt.' }),
    subscriptionId: api.uuid(),
    eventId: api.uuid({ description: 'The body’s `id` and the `Omni-Event-Id` header, the same on every attempt.' }),
    type: api.oneOfValues(WEBHOOK_EVENT_TYPES),
    orderId: api.string(),
    status: api.oneOfValues(DELIVERY_STATUSES, {
      description:
        '`pending` until a 2xx answer (`delivered`) or the end of its retry window (`failed`, until redelivered).',
    }),
    attemptCount: api.integer({ minimum: 0 }),
    nextAttemptAt: api.nullable(
      api.dateTime({ description: 'When the next attempt is due; null once delivered or failed.' }),
    ),
    createdAt: api.dateTime(),
    deliveredAt: api.nullable(api.dateTime()),
    attempts: api.arrayOf(ATTEMPT_VIEW, {
      description: 'Every attempt, oldest first. The body is never shown: it may carry a pickup code.',
    }),
  }),
);

export const DELIVERY_PAGE = api.component('WebhookDeliveryPage', api.pageOf(DELIVERY_VIEW));

export const DELIVERY_EXAMPLE = {
  id: '1d4f6a8c-2b3e-4c5d-8e9f-7a6b5c4d3e2f',
  subscriptionId: '6f2b8c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f',
  eventId: '5b8e0f3a-1c2d-4e5f-8a9b-0c1d2e3f4a5b',
  type: 'order.ready-for-pickup',
  orderId: '7d0c2b8e-3b4f-4a51-8f0e-6a1d2c3b4a59',
  status: 'delivered',
  attemptCount: 2,
  nextAttemptAt: null,
  createdAt: '2026-03-02T09:40:00.120Z',
  deliveredAt: '2026-03-02T09:40:31.020Z',
  attempts: [
    {
      attempt: 1,
      trigger: 'event',
      attemptedAt: '2026-03-02T09:40:00.200Z',
      statusCode: 503,
      error: null,
      durationMs: 41,
    },
    {
      attempt: 2,
      trigger: 'retry',
      attemptedAt: '2026-03-02T09:40:31.000Z',
      statusCode: 200,
      error: null,
      durationMs: 20,
    },
  ],
};
