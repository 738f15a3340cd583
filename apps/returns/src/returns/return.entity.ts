import type { Channel, ReturnMethod } from '@omni/contracts';
import { MinorUnitsColumn } from '@omni/platform';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';
import type { ReturnReason } from '../policy/policy.rules';
import type { ReturnStatus } from './returns.rules';

/** A return authorisation, and where and when its items came back. */
@Entity({ name: 'returns' })
export class ReturnRecord {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text') status: ReturnStatus;
  @Column('text', { nullable: true }) channel: Channel | null;
  @Column('text', { name: 'customer_id' }) customerId: string;
  @Column('text', { name: 'return_method' }) returnMethod: ReturnMethod;
  @Column('text', { name: 'return_location_id' }) returnLocationId: string;
  @Column('text', { name: 'received_location_id', nullable: true }) receivedLocationId: string | null;
  @Column('char', { length: 3 }) currency: string;
  @MinorUnitsColumn('refund_total_minor', { nullable: true }) refundTotalMinor: number | null;
  @Column('text', { name: 'authorised_by' }) authorisedBy: string;
  @Column('timestamptz', { name: 'authorised_at' }) authorisedAt: Date;
  @Column('text', { name: 'received_by', nullable: true }) receivedBy: string | null;
  @Column('timestamptz', { name: 'received_at', nullable: true }) receivedAt: Date | null;
  @Column('timestamptz', { name: 'inspected_at', nullable: true }) inspectedAt: Date | null;
  @Column('timestamptz', { name: 'cancelled_at', nullable: true }) cancelledAt: Date | null;
  @OneToMany(() => ReturnLineRecord, (line) => line.returnRecord) lines: ReturnLineRecord[];
}

/** One order line in a return: units authorised, received and refunded. */
@Entity({ name: 'return_lines' })
export class ReturnLineRecord {
  @PrimaryColumn('uuid', { name: 'return_id' }) returnId: string;
  @PrimaryColumn('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('text') sku: string;
  @Column('text') reason: ReturnReason;
  @Column('integer', { name: 'authorised_qty' }) authorisedQty: number;
  @Column('integer', { name: 'received_qty', nullable: true }) receivedQty: number | null;
  @MinorUnitsColumn('unit_price_minor') unitPriceMinor: number;
  @Column('integer', { name: 'fee_bps' }) feeBps: number;
  @Column('integer', { name: 'refund_qty', nullable: true }) refundQty: number | null;
  @MinorUnitsColumn('fee_minor', { nullable: true }) feeMinor: number | null;
  @MinorUnitsColumn('refund_minor', { nullable: true }) refundMinor: number | null;
  @ManyToOne(() => ReturnRecord, (r) => r.lines) @JoinColumn({ name: 'return_id' }) returnRecord: ReturnRecord;
}
