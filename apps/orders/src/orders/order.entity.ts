import type { Channel } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { OrderStatus } from '../status/status.rules';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryColumn('text') id: string;
  @Column('text') channel: Channel;
  @Column('text') status: OrderStatus;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'customer_email', nullable: true }) customerEmail: string | null;
  @Column('text', { name: 'customer_phone', nullable: true }) customerPhone: string | null;
  @Column('text', { name: 'hold_id', nullable: true }) holdId: string | null;
  @Column('text', { name: 'assisted_by_staff_id', nullable: true }) assistedByStaffId: string | null;
  @Column('text', { name: 'assisted_by_location_id', nullable: true }) assistedByLocationId: string | null;
  @Column('text', { name: 'external_ref', nullable: true }) externalRef: string | null;
  @Column('text', { name: 'location_ids', array: true }) locationIds: string[];
  /** The placing principal's identity (principalKey): a pending order's hold is judged against it when the hold arrives. */
  @Column('text', { name: 'placed_by' }) placedBy: string;
  @Column('timestamptz', { name: 'placed_at' }) placedAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
