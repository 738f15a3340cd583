import { CANCELLED } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Waiting at the counter, then collected (the word its task and order line say too), or ended without the customer. */
export const PICKUP_STATUSES = ['waiting', 'picked_up', 'expired', CANCELLED] as const;
export type PickupStatus = (typeof PICKUP_STATUSES)[number];

/** A packed click-and-collect order waiting at the counter; the code is kept only as a salted hash. */
@Entity({ name: 'pickups' })
export class Pickup {
  @PrimaryColumn('uuid', { name: 'fulfilment_order_id' }) fulfilmentOrderId: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text', { name: 'location_id' }) locationId: string;
  @Column('text', { name: 'code_hash' }) codeHash: string;
  @Column('text', { name: 'code_salt' }) codeSalt: string;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'remind_at' }) remindAt: Date;
  @Column('timestamptz', { name: 'reminded_at', nullable: true }) remindedAt: Date | null;
  @Column('int', { name: 'failed_attempts', default: 0 }) failedAttempts: number;
  @Column('timestamptz', { name: 'locked_at', nullable: true }) lockedAt: Date | null;
  @Column('text') status: PickupStatus;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
