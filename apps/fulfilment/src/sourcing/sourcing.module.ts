import { Module } from '@nestjs/common';
import { CapacityModule } from '../capacity/capacity.module';
import { ProjectionsModule } from '../projections/projections.module';
import { SourcingController } from './sourcing.controller';
import { sourcingProviders } from './sourcing.providers';
import { SourcingService } from './sourcing.service';

@Module({
  imports: [ProjectionsModule, CapacityModule],
  controllers: [SourcingController],
  providers: [...sourcingProviders, SourcingService],
  exports: [SourcingService],
})
export class SourcingModule {}
