import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { LocationsModule } from '../locations/locations.module';
import { AvailabilityController } from './availability.controller';
import { AvailabilityService } from './availability.service';
import { AvailabilityReadModelModule } from './read-model.module';

@Module({
  imports: [LocationsModule, ChannelsModule, AvailabilityReadModelModule],
  controllers: [AvailabilityController],
  providers: [AvailabilityService],
  exports: [AvailabilityService],
})
export class AvailabilityModule {}
