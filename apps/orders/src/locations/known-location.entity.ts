import type { LocationCapability, LocationType } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Inventory's locations as last announced (inventory.location-changed): enough to check a pickup store. */
@Entity({ name: 'known_locations' })
export class KnownLocation {
  @PrimaryColumn('text') id: string;
  @Column('text') type: LocationType;
  @Column('text') name: string;
  @Column('text', { array: true }) capabilities: LocationCapability[];
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
