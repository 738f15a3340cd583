import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AnyMovementType } from './stock.rules';

/** The append-only ledger (a trigger refuses updates and deletes). */
@Entity({ name: 'stock_movements' })
export class StockMovement {
  @PrimaryColumn('bigint') id: string;
  @Column('text') sku: string;
  @Column('text', { name: 'location_id' }) locationId: string;
  @Column('text') type: AnyMovementType;
  /** As recorded: the counted figure for a count, signed for an adjustment, else units moved. */
  @Column('integer') quantity: number;
  @Column('integer', { name: 'on_hand_delta' }) onHandDelta: number;
  @Column('integer', { name: 'damaged_delta' }) damagedDelta: number;
  @Column('text', { nullable: true }) reason: string | null;
  @Column('text', { nullable: true }) reference: string | null;
  @Column('text', { nullable: true }) principal: string | null;
  @Column('text', { name: 'correlation_id', nullable: true }) correlationId: string | null;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
}
