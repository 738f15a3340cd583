import { Module } from '@nestjs/common';
import { LiveFeedModule } from '../live/live-feed.module';
import { LocationDirectory } from './location-directory';
import { LocationsController } from './locations.controller';
import { LocationsService } from './locations.service';

@Module({
  imports: [LiveFeedModule],
  controllers: [LocationsController],
  providers: [LocationsService, LocationDirectory],
  exports: [LocationDirectory],
})
export class LocationsModule {}
