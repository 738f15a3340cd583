import { metricsRegistry } from '@omni/platform';
import { Counter } from 'prom-client';

/** Attempts this process made, by webhook type and outcome: `delivered` (a 2xx), `refused` (another status), `no-answer`. */
export const webhookAttempts = new Counter({
  name: 'omni_webhook_attempts_total',
  help: 'Webhook delivery attempts, by webhook type and outcome (delivered: a 2xx answer; refused: another status; no-answer: timeout, connection or address refused)',
  labelNames: ['type', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Deliveries given up after their retry window (they wait for a manual redelivery), by webhook type. */
export const webhooksGivenUp = new Counter({
  name: 'omni_webhook_deliveries_given_up_total',
  help: 'Webhook deliveries still failing when their retry window (WEBHOOK_GIVE_UP_AFTER_MS) ran out, by webhook type',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});
