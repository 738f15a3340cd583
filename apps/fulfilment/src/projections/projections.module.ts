import { Module } from '@nestjs/common';
import { InventoryView } from './inventory-view';
import { NetworkReader } from './network-reader';
import { ProjectionsService } from './projections.service';

@Module({
  providers: [ProjectionsService, NetworkReader, InventoryView],
  exports: [NetworkReader, ProjectionsService, InventoryView],
})
export class ProjectionsModule {}
