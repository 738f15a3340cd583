import { Module } from '@nestjs/common';
import { AvailabilityModule } from '../availability/availability.module';
import { ChannelsModule } from '../channels/channels.module';
import { LocationsModule } from '../locations/locations.module';
import { LiveFeedModule } from './live-feed.module';
import { LiveController } from './live.controller';

@Module({
  imports: [LiveFeedModule, AvailabilityModule, LocationsModule, ChannelsModule],
  controllers: [LiveController],
})
export class LiveModule {}
