import { Module } from '@nestjs/common';
import { NetworkReader } from './network-reader';
import { ProjectionsHandlers } from './projections.handlers';
import { ProjectionsService } from './projections.service';

@Module({
  controllers: [ProjectionsHandlers],
  providers: [ProjectionsService, NetworkReader],
  exports: [NetworkReader, ProjectionsService],
})
export class ProjectionsModule {}
