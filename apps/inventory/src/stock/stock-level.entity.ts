import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One sku x location. on_hand always equals the sum of the level's ledger movements. */
@Entity({ name: 'stock_levels' })
export class StockLevel {
  @PrimaryColumn('text') sku: string;
  @PrimaryColumn('text', { name: 'location_id' }) locationId: string;
  @Column('integer', { name: 'on_hand' }) onHand: number;
  /** Held by carts and POS plus allocated to orders. */
  @Column('integer') reserved: number;
  @Column('integer', { name: 'safety_stock' }) safetyStock: number;
  /** Counted in on_hand, never sellable. */
  @Column('integer') damaged: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
