import { Module } from '@nestjs/common';
import { FulfilmentOrdersService } from './fulfilment-orders.service';

@Module({
  providers: [FulfilmentOrdersService],
  exports: [FulfilmentOrdersService],
})
export class FulfilmentOrdersModule {}
