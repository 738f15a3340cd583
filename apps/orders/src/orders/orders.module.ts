import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LocationsModule } from '../locations/locations.module';
import { ProjectionsModule } from '../projections/projections.module';
import { SkusModule } from '../skus/skus.module';
import { StatusModule } from '../status/status.module';
import { HoldArrival } from './hold-arrival';
import { OrderReader } from './order-reader';
import { OrderWatch } from './order-watch';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';
import { PendingOrders } from './pending-orders';
import { PendingStore } from './pending-store';
import { PlacementFacts } from './placement-facts';
import { PendingSweeper } from './pending-sweeper';

@Module({
  imports: [StatusModule, LocationsModule, HoldsModule, ProjectionsModule, SkusModule],
  controllers: [OrdersController],
  providers: [
    OrdersService,
    HoldArrival,
    OrderReader,
    OrderWatch,
    PendingStore,
    PlacementFacts,
    PendingOrders,
    PendingSweeper,
  ],
  exports: [OrderReader],
})
export class OrdersModule {}
