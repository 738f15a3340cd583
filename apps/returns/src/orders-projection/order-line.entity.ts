import type { Channel } from '@omni/contracts';
import { MinorUnitsColumn } from '@omni/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an order line sold, as orders announced it: the basis of every return and refund of it. */
@Entity({ name: 'order_lines' })
export class ProjectedOrderLine {
  @PrimaryColumn('text', { name: 'order_id' }) orderId: string;
  @PrimaryColumn('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('integer', { name: 'line_no' }) lineNo: number;
  @Column('text') sku: string;
  @Column('integer') qty: number;
  @MinorUnitsColumn('unit_price_minor') unitPriceMinor: number;
  @Column('char', { length: 3 }) currency: string;
  @Column('text') channel: Channel;
  @Column('text', { name: 'customer_id' }) customerId: string;
  /** The order's id in the channel that took it, when it has one. */
  @Column('text', { name: 'external_ref', nullable: true }) externalRef: string | null;
  @Column('timestamptz', { name: 'placed_at' }) placedAt: Date;
  @Column('boolean') cancelled: boolean;
}
