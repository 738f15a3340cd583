import type { Disposition } from '@omni/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** What inspection decided for some units of a return line. */
@Entity({ name: 'dispositions' })
export class DispositionRecord {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: string;
  @Column('uuid', { name: 'return_id' }) returnId: string;
  @Column('text', { name: 'order_line_id' }) orderLineId: string;
  @Column('text') disposition: Disposition;
  @Column('integer') qty: number;
  @Column('text', { name: 'to_location_id', nullable: true }) toLocationId: string | null;
  @Column('text', { nullable: true }) note: string | null;
  @Column('text', { name: 'inspected_by' }) inspectedBy: string;
  @Column('timestamptz', { name: 'inspected_at' }) inspectedAt: Date;
}
