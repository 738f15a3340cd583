import { MinorUnitsColumn } from '@omni/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What one return did to one order line: units received, units and money refunded. */
@Entity({ name: 'order_return_lines' })
export class ReturnLine {
  @PrimaryColumn('text', { name: 'return_id' }) returnId: string;
  @PrimaryColumn('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text', { name: 'location_id', nullable: true }) locationId: string | null;
  @Column('integer', { name: 'received_qty' }) receivedQty: number;
  @Column('integer', { name: 'refunded_qty' }) refundedQty: number;
  @MinorUnitsColumn('refunded_minor') refundedMinor: number;
  @Column('text', { nullable: true }) currency: string | null;
}
