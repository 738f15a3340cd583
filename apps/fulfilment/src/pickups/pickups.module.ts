import { Module } from '@nestjs/common';
import { TaskStoreModule } from '../tasks/task-store.module';
import { PickupSweeper } from './pickup-sweeper';
import { PickupsService } from './pickups.service';

@Module({
  imports: [TaskStoreModule],
  providers: [PickupsService, PickupSweeper],
  exports: [PickupsService],
})
export class PickupsModule {}
