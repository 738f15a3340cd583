import { CANCELLED, PICKUP_MOMENTS, SHIPMENT_MOMENTS, type DeliveryType } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The staff's own steps, then the moments a task shares with its order lines (libs/contracts/src/statuses.ts), then its ends. */
export const TASK_STATUSES = [
  'to_pick',
  'to_pack',
  'packed',
  ...PICKUP_MOMENTS,
  ...SHIPMENT_MOMENTS,
  'rejected',
  CANCELLED,
  'expired',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Tasks still waiting for, or in the middle of, staff work. */
export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['to_pick', 'to_pack', 'packed', 'ready_for_pickup'];

/** The staff's work on one fulfilment order; its status says what comes next. */
@Entity({ name: 'tasks' })
export class Task {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'fulfilment_order_id' }) fulfilmentOrderId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text', { name: 'location_id' }) locationId: string;
  @Column('text', { name: 'delivery_type' }) deliveryType: DeliveryType;
  @Column('text') status: TaskStatus;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) carrier: string | null;
  @Column('text', { name: 'tracking_number', nullable: true }) trackingNumber: string | null;
  /** When the carrier delivered a shipment (delivered tasks only). */
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
