import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LocationsModule } from '../locations/locations.module';
import { SkusModule } from '../skus/skus.module';
import { InventoryView } from './inventory-view';

@Module({ imports: [HoldsModule, LocationsModule, SkusModule], providers: [InventoryView], exports: [InventoryView] })
export class ProjectionsModule {}
