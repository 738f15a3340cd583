import type { SourcingTrigger } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Assignment, GroupDecision, Unplaced } from './sourcing.model';

/** One sourcing round of an order, kept with every candidate, score and reason. */
@Entity({ name: 'sourcing_decisions' })
export class SourcingDecision {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'order_id' }) orderId: string;
  @Column('text') trigger: SourcingTrigger;
  @Column('text') strategy: string;
  @Column('uuid', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('jsonb') assignments: Assignment[];
  @Column('jsonb') unfulfillable: Unplaced[];
  @Column('jsonb') groups: GroupDecision[];
  @Column('timestamptz', { name: 'decided_at', default: () => 'clock_timestamp()' }) decidedAt: Date;
}
