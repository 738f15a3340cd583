import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LocationsModule } from '../locations/locations.module';
import { StockModule } from '../stock/stock.module';
import { AllocationStore } from './allocation-store';
import { AllocationsHandlers } from './allocations.handlers';
import { AllocationsService } from './allocations.service';
import { ConsumptionService } from './consumption.service';
import { PickExceptionsService } from './pick-exceptions.service';

@Module({
  imports: [StockModule, LocationsModule, HoldsModule],
  controllers: [AllocationsHandlers],
  providers: [AllocationsService, ConsumptionService, PickExceptionsService, AllocationStore],
})
export class AllocationsModule {}
