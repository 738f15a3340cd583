import { Column, Entity, PrimaryColumn } from 'typeorm';

export const FO_LINE_STATUSES = ['open', 'picked', 'moved', 'cancelled'] as const;
export type FulfilmentOrderLineStatus = (typeof FO_LINE_STATUSES)[number];

/**
 * A line of a fulfilment order: the lines of one order that one location fulfils, opened once inventory
 * allocated them there (written in SQL by FulfilmentOrdersService). `moved`: re-sourced elsewhere (short
 * pick, rejection, discrepancy); `cancelled`: the order cancelled it.
 */
@Entity({ name: 'fulfilment_order_lines' })
export class FulfilmentOrderLine {
  @PrimaryColumn('uuid', { name: 'fulfilment_order_id' }) fulfilmentOrderId: string;
  @PrimaryColumn('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('text') sku: string;
  @Column('int') qty: number;
  @Column('int', { name: 'picked_qty', nullable: true }) pickedQty: number | null;
  @Column('text') status: FulfilmentOrderLineStatus;
}
