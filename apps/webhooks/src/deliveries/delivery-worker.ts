import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig, PeriodicTask, requestContext } from '@omni/platform';
import { isSuccess } from './deliveries.rules';
import { Deliveries, type ClaimedDelivery } from './deliveries.service';
import { webhookAttempts, webhooksGivenUp } from './delivery-metrics';
import { WebhookSender } from './webhook-sender';

// A claim outlives its attempt's timeout by this much before another replica may take the delivery over.
const LEASE_MARGIN_MS = 30_000;

/**
 * Every WEBHOOK_POLL_MS: claims what is due, WEBHOOK_CONCURRENCY at a time, sends each and records the answer,
 * until nothing is due. Every replica runs one; SKIP LOCKED shares the deliveries out between them.
 */
@Injectable()
export class DeliveryWorker extends PeriodicTask {
  constructor(
    private readonly deliveries: Deliveries,
    private readonly sender: WebhookSender,
    private readonly config: AppConfig,
  ) {
    super('webhook deliveries', config.WEBHOOK_POLL_MS);
  }

  protected async runOnce(): Promise<void> {
    const context = { correlationId: randomUUID(), causationId: null, actor: { principal: 'webhook-worker' } };
    await requestContext.run(context, async () => {
      const batch = this.config.WEBHOOK_CONCURRENCY;
      const leaseMs = this.config.WEBHOOK_TIMEOUT_MS + LEASE_MARGIN_MS;
      for (let claimed = batch; claimed === batch && this.active;) {
        const due = await this.deliveries.claimDue(batch, leaseMs);
        await Promise.all(due.map((delivery) => this.attempt(delivery)));
        claimed = due.length;
      }
    });
  }

  /** A failure to record is logged: the claim's lease runs out and the delivery is attempted again. */
  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const outcome = await this.sender.send(delivery);
    webhookAttempts.inc({
      type: delivery.eventType,
      outcome: isSuccess(outcome.statusCode) ? 'delivered' : outcome.statusCode === null ? 'no-answer' : 'refused',
    });
    try {
      if ((await this.deliveries.record(delivery, outcome)) === 'given-up') {
        webhooksGivenUp.inc({ type: delivery.eventType });
        this.logger.warn(
          `delivery ${delivery.id} (${delivery.eventType}, event ${delivery.eventId}) given up after its retry window: ${outcome.error ?? `answered ${outcome.statusCode}`}`,
        );
      }
    } catch (error) {
      this.logger.warn(`delivery ${delivery.id}: could not record its attempt: ${(error as Error).message}`);
    }
  }
}
