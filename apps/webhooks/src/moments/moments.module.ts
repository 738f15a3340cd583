import { Module } from '@nestjs/common';
import { DeliveriesModule } from '../deliveries/deliveries.module';
import { MomentsHandlers } from './moments.handlers';
import { MomentsService } from './moments.service';
import { ParkedEventsSweeper } from './parked-events-sweeper';

@Module({
  imports: [DeliveriesModule],
  controllers: [MomentsHandlers],
  providers: [MomentsService, ParkedEventsSweeper],
})
export class MomentsModule {}
