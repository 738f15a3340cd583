import type { Channel } from '@omni/contracts';
import { Column, Entity, JoinColumn, ManyToOne, OneToMany, PrimaryColumn } from 'typeorm';

export type HoldStatus = 'active' | 'released' | 'expired' | 'converted';

/** Stock set aside for a cart or a POS customer until it expires, is released, or becomes an order's allocation. */
@Entity({ name: 'holds' })
export class Hold {
  @PrimaryColumn('uuid') id: string;
  @Column('text') channel: Channel;
  /** The owner's identity (principalKey: role, channel, locations, subject); only it and admins may act on the hold. */
  @Column('text') principal: string;
  @Column('text') status: HoldStatus;
  @Column('boolean', { name: 'allow_partial' }) allowPartial: boolean;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt: Date;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'ended_at', nullable: true }) endedAt: Date | null;
  @OneToMany(() => HoldLine, (line) => line.hold) lines: HoldLine[];
}

@Entity({ name: 'hold_lines' })
export class HoldLine {
  @PrimaryColumn('uuid', { name: 'hold_id' }) holdId: string;
  @PrimaryColumn('integer', { name: 'line_no' }) lineNo: number;
  @Column('text') sku: string;
  @Column('text', { name: 'location_id', nullable: true }) locationId: string | null;
  @Column('integer') requested: number;
  @Column('integer') held: number;
  /** What the line still reserves; 0 once the hold has ended or been converted. */
  @Column('integer') reserved: number;
  @ManyToOne(() => Hold, (hold) => hold.lines) @JoinColumn({ name: 'hold_id' }) hold: Hold;
}
