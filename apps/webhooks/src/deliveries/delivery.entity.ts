import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookEventType } from '../moments/moments.rules';

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Why an attempt was made: the event's first, a retry after a failure, or a manual redelivery. */
export type AttemptTrigger = 'event' | 'retry' | 'redelivery';

/** One event for one subscription: sent until a 2xx answer, or given up after the retry window. */
@Entity({ name: 'deliveries' })
export class Delivery {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'subscription_id' }) subscriptionId: string;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'event_type' }) eventType: WebhookEventType;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text') body: string;
  @Column('text') status: DeliveryStatus;
  @Column('integer') attempts: number;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  @Column('timestamptz', { name: 'window_started_at' }) windowStartedAt: Date;
  @Column('integer', { name: 'window_failures' }) windowFailures: number;
  @Column('boolean', { name: 'redelivery_requested' }) redeliveryRequested: boolean;
  @Column('uuid', { nullable: true }) lease: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
}

/** One try: what the receiver answered (or why there was no answer), and how long it took. */
@Entity({ name: 'delivery_attempts' })
export class DeliveryAttempt {
  @PrimaryColumn('uuid', { name: 'delivery_id' }) deliveryId: string;
  @PrimaryColumn('integer') attempt: number;
  @Column('text') trigger: AttemptTrigger;
  @Column('timestamptz', { name: 'attempted_at' }) attemptedAt: Date;
  @Column('integer', { name: 'status_code', nullable: true }) statusCode: number | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('integer', { name: 'duration_ms' }) durationMs: number;
}
