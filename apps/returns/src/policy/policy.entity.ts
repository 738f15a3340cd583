import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { CategoryRule, ReturnReason } from './policy.rules';

/** The one policy document (id = 1); absent until an admin first sets it, when DEFAULT_POLICY applies. */
@Entity({ name: 'return_policy' })
export class ReturnPolicyRecord {
  @PrimaryColumn('smallint') id: number;
  @Column('integer', { name: 'default_window_days' }) defaultWindowDays: number;
  @Column('integer', { name: 'restocking_fee_bps' }) restockingFeeBps: number;
  @Column('text', { name: 'fee_waived_reasons', array: true }) feeWaivedReasons: ReturnReason[];
  @Column('jsonb') categories: CategoryRule[];
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}

/** An explicit setting for one SKU: its category and whether it may be returned. */
@Entity({ name: 'sku_policies' })
export class SkuPolicyRecord {
  @PrimaryColumn('text') sku: string;
  @Column('text', { nullable: true }) category: string | null;
  @Column('boolean') returnable: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
