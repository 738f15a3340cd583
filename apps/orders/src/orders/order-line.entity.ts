import type { AddressV1, DeliveryType } from '@omni/contracts';
import { MinorUnitsColumn } from '@omni/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Cancellation, LineStatus } from '../status/status.rules';

@Entity({ name: 'order_lines' })
export class OrderLine {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('integer', { name: 'line_no' }) lineNo: number;
  @Column('text') sku: string;
  @Column('integer') qty: number;
  @MinorUnitsColumn('unit_price_minor') unitPriceMinor: number;
  @Column('text') currency: string;
  @Column('text', { name: 'delivery_type' }) deliveryType: DeliveryType;
  @Column('jsonb', { name: 'delivery_address', nullable: true }) deliveryAddress: AddressV1 | null;
  @Column('text', { name: 'pickup_location_id', nullable: true }) pickupLocationId: string | null;
  @Column('text') status: LineStatus;
  @Column('text', { name: 'status_reason', nullable: true }) statusReason: string | null;
  @Column('text', { name: 'fulfilment_order_id', nullable: true }) fulfilmentOrderId: string | null;
  @Column('text', { name: 'fulfilment_location_id', nullable: true }) fulfilmentLocationId: string | null;
  /** A customer's cancel fulfilment has not decided yet, or refused; null otherwise. */
  @Column('text', { nullable: true }) cancellation: Cancellation | null;
  @Column('text', { name: 'cancellation_reason', nullable: true }) cancellationReason: string | null;
}
