import { Module } from '@nestjs/common';
import { TaskStoreModule } from '../tasks/task-store.module';
import { FulfilmentOrdersService } from './fulfilment-orders.service';

@Module({
  imports: [TaskStoreModule],
  providers: [FulfilmentOrdersService],
  exports: [FulfilmentOrdersService],
})
export class FulfilmentOrdersModule {}
