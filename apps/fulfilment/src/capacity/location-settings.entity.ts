import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What an admin set for a location: its daily order limit (null: none) and same-day cut-off override. */
@Entity({ name: 'location_settings' })
export class LocationSettings {
  @PrimaryColumn('text', { name: 'location_id' }) locationId: string;
  @Column('int', { name: 'daily_order_limit', nullable: true }) dailyOrderLimit: number | null;
  @Column('text', { name: 'same_day_cutoff', nullable: true }) sameDayCutoff: string | null;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
