import type { Channel } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ChannelSource } from './channels.rules';

/** An admin's rule for a channel; channels without a row use DEFAULT_CHANNEL_RULES. */
@Entity({ name: 'channel_rules' })
export class ChannelRuleRecord {
  @PrimaryColumn('text') channel: Channel;
  @Column('jsonb') sources: ChannelSource[];
  @Column('text', { name: 'include_location_ids', array: true }) includeLocationIds: string[];
  @Column('text', { name: 'exclude_location_ids', array: true }) excludeLocationIds: string[];
  @Column('boolean', { name: 'own_locations' }) ownLocations: boolean;
  @Column('integer', { name: 'safety_buffer' }) safetyBuffer: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
