import type { Actor } from '@omni/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One step of an order's journey: what happened, to which lines, where, by whom, when. */
@Entity({ name: 'order_timeline' })
export class TimelineEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' }) seq: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('uuid', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('text') step: string;
  @Column('text', { name: 'line_ids', array: true }) lineIds: string[];
  @Column('text', { name: 'location_id', nullable: true }) locationId: string | null;
  @Column('jsonb') actor: Actor;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('jsonb') detail: Record<string, unknown>;
}
