import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { LocationsModule } from '../locations/locations.module';
import { StatusModule } from '../status/status.module';
import { OrderReader } from './order-reader';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  imports: [StatusModule, LocationsModule, HoldsModule],
  controllers: [OrdersController],
  providers: [OrdersService, OrderReader],
  exports: [OrderReader],
})
export class OrdersModule {}
