import { lookup } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '@omni/platform';
import { addressFault } from '../subscriptions/subscriptions.rules';
import type { AttemptOutcome, ClaimedDelivery } from './deliveries.service';
import { SIGNATURE_HEADER, signatureHeader } from './deliveries.rules';

const MAX_ERROR_LENGTH = 500;

class Refused extends Error {}

/** What went wrong when there was no answer, in a line fit for the delivery log. */
function whyNoAnswer(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  if (error instanceof Refused) return e.message ?? 'refused';
  const cause = e.cause?.code ?? e.cause?.message;
  return `${e.message ?? String(error)}${cause ? `: ${cause}` : ''}`.slice(0, MAX_ERROR_LENGTH);
}

/**
 * One attempt of one delivery: a signed POST with Node's fetch, within WEBHOOK_TIMEOUT_MS, redirects not
 * followed. The answer's body is never read (only its status counts), so a receiver cannot make us hold it.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: AppConfig) {}

  async send(delivery: ClaimedDelivery): Promise<AttemptOutcome> {
    const attemptedAt = new Date();
    const started = performance.now();
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    const took = () => Math.round(performance.now() - started);
    try {
      if (this.config.NODE_ENV === 'production') await this.refusePrivate(delivery.url);
      const timestamp = Math.floor(Date.now() / 1000);
      const res = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'omni-webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(delivery.secret, timestamp, delivery.body),
          'omni-event-id': delivery.eventId,
          'omni-event-type': delivery.eventType,
          'omni-delivery-id': delivery.id,
        },
        body: delivery.body,
      });
      await res.body?.cancel().catch(() => undefined);
      const redirect =
        res.status >= 300 && res.status < 400
          ? `redirects are not followed (Location: ${res.headers.get('location') ?? 'none'})`
          : null;
      return {
        attemptedAt,
        statusCode: res.status,
        error: redirect?.slice(0, MAX_ERROR_LENGTH) ?? null,
        durationMs: took(),
      };
    } catch (error) {
      return { attemptedAt, statusCode: null, error: whyNoAnswer(error, timeoutMs), durationMs: took() };
    }
  }

  /** A name that resolves to loopback or a private network is refused before connecting (the subscription checked only its text). */
  private async refusePrivate(url: string): Promise<void> {
    const host = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
    for (const { address } of await lookup(host, { all: true })) {
      const fault = addressFault(address, true);
      if (fault)
        throw new Refused(`refused: ${host} resolves to ${address}, which ${fault.replace(/^must not be/, 'is')}`);
    }
  }
}
