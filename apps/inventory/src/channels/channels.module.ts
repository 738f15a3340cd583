import { Module } from '@nestjs/common';
import { LiveFeedModule } from '../live/live-feed.module';
import { LocationsModule } from '../locations/locations.module';
import { ChannelFeeds } from './channel-feeds';
import { ChannelRuleBook } from './channel-rule-book';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';

@Module({
  imports: [LiveFeedModule, LocationsModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelRuleBook, ChannelFeeds],
  exports: [ChannelRuleBook, ChannelFeeds],
})
export class ChannelsModule {}
