import { Injectable } from '@nestjs/common';
import type { EventEnvelope, OrderPlacedV1 } from '@omni/contracts';
import { queryRows, TransactionHost } from '@omni/platform';
import { Deliveries } from '../deliveries/deliveries.service';
import { KnownOrder } from './known-order.entity';
import { webhookBody, webhookOf, type KnownOrderFacts } from './moments.rules';

/** An order's event waits this long for its orders.order-placed (a pending order cancelled never gets one). */
const PARKED_FOR_DAYS = 7;

const factsOf = (o: KnownOrder): KnownOrderFacts => ({
  orderId: o.orderId,
  channel: o.channel,
  customerId: o.customerId,
  externalRef: o.externalRef,
  lineIds: o.lineIds,
});

/**
 * The customer's moments, from the log: each event about an order becomes a delivery to every subscription of
 * the order's channel. An event may be read before the order's orders.order-placed (they travel on different
 * topics): it is parked, not dropped, and delivered once the order is known (a projection that is behind
 * never becomes a decision).
 */
@Injectable()
export class MomentsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly deliveries: Deliveries,
  ) {}

  async placed(event: EventEnvelope<OrderPlacedV1>): Promise<void> {
    const { orderId, channel, customer, externalRef, lines, placedAt } = event.data;
    await this.lockOrder(orderId);
    const m = this.tx.manager;
    await m.query(
      `INSERT INTO known_orders (order_id, channel, customer_id, external_ref, line_ids, placed_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [orderId, channel, customer.id, externalRef ?? null, lines.map((l) => l.orderLineId), placedAt],
    );
    const order = await m.findOneOrFail(KnownOrder, { where: { orderId } });
    const parked = await queryRows<{ envelope: EventEnvelope }>(
      m,
      `DELETE FROM parked_events WHERE order_id = $1 RETURNING envelope`,
      [orderId],
    );
    parked.sort((a, b) => a.envelope.occurredAt.localeCompare(b.envelope.occurredAt));
    for (const { envelope } of parked) await this.deliver(envelope, factsOf(order));
  }

  async happened(event: EventEnvelope<{ orderId: string }>): Promise<void> {
    const { orderId } = event.data;
    await this.lockOrder(orderId);
    const order = await this.tx.manager.findOne(KnownOrder, { where: { orderId } });
    if (order) return this.deliver(event, factsOf(order));
    await this.tx.manager.query(
      `INSERT INTO parked_events (event_id, order_id, envelope) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [event.id, orderId, event],
    );
  }

  /** Events whose order never came (another deployment's on a shared log, a pending order cancelled) are let go after a week. */
  async forgetStale(): Promise<void> {
    await this.tx.manager.query(`DELETE FROM parked_events WHERE parked_at < now() - make_interval(days => $1)`, [
      PARKED_FOR_DAYS,
    ]);
  }

  private async deliver(event: EventEnvelope, order: KnownOrderFacts): Promise<void> {
    const webhook = webhookOf(event, order);
    if (webhook) await this.deliveries.fanOut(event, order, webhook, webhookBody(event, order, webhook));
  }

  /** An order's placement and its events are read from two topics at once: one waits for the other, so none is parked after the release. */
  private async lockOrder(orderId: string): Promise<void> {
    await this.tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhooks order'), hashtext($1))`, [orderId]);
  }
}
