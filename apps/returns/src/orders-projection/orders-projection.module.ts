import { Module } from '@nestjs/common';
import { OrdersProjectionHandlers } from './orders-projection.handlers';
import { OrdersProjectionService } from './orders-projection.service';

@Module({
  controllers: [OrdersProjectionHandlers],
  providers: [OrdersProjectionService],
  exports: [OrdersProjectionService],
})
export class OrdersProjectionModule {}
