import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FulfilmentKind } from './fulfilment.rules';

/** Units of an order line that left one fulfilment order's location, and when they reached the customer. */
@Entity({ name: 'line_fulfilments' })
export class LineFulfilment {
  @PrimaryColumn('text', { name: 'fulfilment_order_id' }) fulfilmentOrderId: string;
  @PrimaryColumn('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text', { name: 'location_id', nullable: true }) locationId: string | null;
  @Column('text') kind: FulfilmentKind;
  @Column('integer') qty: number;
  @Column('timestamptz', { name: 'left_at', nullable: true }) leftAt: Date | null;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt: Date | null;
}
