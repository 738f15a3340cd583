import { CHANNELS } from '@omni/contracts';
import { api } from '@omni/platform';
import { WEBHOOK_EVENT_TYPES } from '../../moments/moments.rules';
import type { CreatedSubscriptionView, SubscriptionView } from './subscription.dto';

const SUBSCRIPTION_FIELDS = {
  id: api.uuid(),
  channel: api.oneOfValues(CHANNELS, { description: 'Whose orders’ moments are sent.' }),
  url: api.string({ description: 'Where each delivery is POSTed.' }),
  eventTypes: api.arrayOf(api.oneOfValues(WEBHOOK_EVENT_TYPES), {
    minItems: 1,
    description: 'The webhook types sent (the document’s `webhooks` has each one’s body).',
  }),
  description: api.nullable(api.string()),
  createdAt: api.dateTime({ description: 'Events that happened before it are not sent.' }),
};

export const SUBSCRIPTION_VIEW = api.component(
  'WebhookSubscription',
  api.objectOf<SubscriptionView>(SUBSCRIPTION_FIELDS),
);

export const CREATED_SUBSCRIPTION_VIEW = api.component(
  'CreatedWebhookSubscription',
  api.objectOf<CreatedSubscriptionView>({
    ...SUBSCRIPTION_FIELDS,
    secret: api.string({
      pattern: '^whsec_',
      description:
        'Signs every delivery (`Omni-Signature`). Shown in this answer only (and on a retry with the same `Idempotency-Key`): keep it.',
    }),
  }),
);

export const SUBSCRIPTION_PAGE = api.component('WebhookSubscriptionPage', api.pageOf(SUBSCRIPTION_VIEW));

export const SUBSCRIBE_EXAMPLE = {
  url: 'https://shop.example.com/hooks/omni',
  eventTypes: ['order.ready-for-pickup', 'order.shipped'],
  description: 'web shop: pickup codes and tracking',
};

export const CREATED_SUBSCRIPTION_EXAMPLE = {
  id: '6f2b8c1e-4d3a-4b5c-9e8f-0a1b2c3d4e5f',
  channel: 'web',
  ...SUBSCRIBE_EXAMPLE,
  createdAt: '2026-03-02T08:00:00.000Z',
  secret: 'whsec_3q2-7wE8rT0yU1iO9pA6sD5fG4hJ3kL2zX1cV0bN9mQ',
};
