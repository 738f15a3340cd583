import { Module } from '@nestjs/common';
import { CapacityModule } from '../capacity/capacity.module';
import { FulfilmentOrdersModule } from '../fulfilment-orders/fulfilment-orders.module';
import { PickupsModule } from '../pickups/pickups.module';
import { ProjectionsModule } from '../projections/projections.module';
import { SourcingModule } from '../sourcing/sourcing.module';
import { TaskStoreModule } from '../tasks/task-store.module';
import { SagaFacts } from './saga-facts';
import { SagaHandlers } from './saga.handlers';
import { OrderLinesStore } from './order-lines.store';
import { SagaService } from './saga.service';
import { WaitingLines } from './waiting-lines';

@Module({
  imports: [SourcingModule, CapacityModule, FulfilmentOrdersModule, PickupsModule, ProjectionsModule, TaskStoreModule],
  controllers: [SagaHandlers],
  providers: [SagaService, SagaFacts, OrderLinesStore, WaitingLines],
})
export class SagaModule {}
