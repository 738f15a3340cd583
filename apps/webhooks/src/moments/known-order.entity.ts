import type { Channel } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An order as orders.order-placed announced it: whose it is (the channel its webhooks go to). */
@Entity({ name: 'known_orders' })
export class KnownOrder {
  @PrimaryColumn('text', { name: 'order_id' }) orderId: string;
  @Column('text') channel: Channel;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'external_ref', nullable: true }) externalRef: string | null;
  @Column('text', { name: 'line_ids', array: true }) lineIds: string[];
  @Column('timestamptz', { name: 'placed_at' }) placedAt: Date;
}

/** An event about an order not heard of yet, waiting for its orders.order-placed. */
@Entity({ name: 'parked_events' })
export class ParkedEvent {
  @PrimaryColumn('uuid', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('jsonb') envelope: Record<string, unknown>;
  @Column('timestamptz', { name: 'parked_at' }) parkedAt: Date;
}
