import type { AddressV1, LocationCapability, LocationType } from '@omni/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'locations' })
export class Location {
  @PrimaryColumn('text') id: string;
  @Column('text') type: LocationType;
  @Column('text') name: string;
  @Column('jsonb') address: AddressV1;
  @Column('double precision') lat: number;
  @Column('double precision') lng: number;
  @Column('text') timezone: string;
  @Column('text', { array: true }) capabilities: LocationCapability[];
  @Column('boolean') active: boolean;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
