import type { Channel } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WebhookEventType } from '../moments/moments.rules';

/** A channel's URL and the webhook types it is sent; the secret signs every delivery. */
@Entity({ name: 'subscriptions' })
export class Subscription {
  @PrimaryColumn('uuid') id: string;
  @Column('text') channel: Channel;
  @Column('text') url: string;
  @Column('text', { name: 'event_types', array: true }) eventTypes: WebhookEventType[];
  @Column('text', { nullable: true }) description: string | null;
  @Column('text') secret: string;
  /** The creating principal's identity key (principalKey), for the audit trail. */
  @Column('text', { name: 'created_by' }) createdBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
