import { Module } from '@nestjs/common';
import { CapacityModule } from '../capacity/capacity.module';
import { FulfilmentOrdersModule } from '../fulfilment-orders/fulfilment-orders.module';
import { PickupsModule } from '../pickups/pickups.module';
import { OrderTasks } from './order-tasks';
import { TaskStoreModule } from './task-store.module';
import { TaskViews } from './task-views';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [TaskStoreModule, PickupsModule, FulfilmentOrdersModule, CapacityModule],
  controllers: [TasksController],
  providers: [TasksService, TaskViews, OrderTasks],
})
export class TasksModule {}
