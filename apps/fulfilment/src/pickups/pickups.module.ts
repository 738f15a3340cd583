import { Module } from '@nestjs/common';
import { PickupSweeper } from './pickup-sweeper';
import { PickupsService } from './pickups.service';

@Module({
  providers: [PickupsService, PickupSweeper],
  exports: [PickupsService],
})
export class PickupsModule {}
