import { Counter } from 'prom-client';
import { metricsRegistry } from '@omni/platform';

/**
 * Dead letters committed by this process, by service, consumer group and event type ('unparseable'
 * for a record that was not JSON). Incremented after the commit, so a rolled-back letter never counts.
 */
export const deadLettersTotal = new Counter({
  name: 'omni_dead_letters_total',
  help: 'Events dead-lettered to the DLQ topic after bounded retries or failed validation, by service, consumer and event type',
  labelNames: ['service', 'consumer', 'type'] as const,
  registers: [metricsRegistry],
});

/** The metric's type label: the record's own type when it has one (bounded: only handled types get here). */
export function deadLetterType(event: unknown): string {
  const type = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  return typeof type === 'string' ? type : 'unparseable';
}
