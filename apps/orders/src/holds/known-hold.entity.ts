import type { Channel } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export type HoldStatus = 'active' | 'released' | 'expired' | 'converted';

/** A cart hold as inventory announced it, and the order (if any) that has carried it. */
@Entity({ name: 'known_holds' })
export class KnownHold {
  @PrimaryColumn('text') id: string;
  @Column('text') channel: Channel;
  @Column('text') principal: string;
  @Column('text') status: HoldStatus;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('text', { name: 'order_id', nullable: true }) orderId: string | null;
  /** Inventory's time for the state last written (its changelog record), null for rows older than the changelog. */
  @Column('timestamptz', { name: 'updated_at', nullable: true }) updatedAt: Date | null;
}
