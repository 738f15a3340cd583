import { Module } from '@nestjs/common';
import { LiveFeedModule } from '../live/live-feed.module';
import { ChannelRuleBook } from './channel-rule-book';
import { ChannelsController } from './channels.controller';
import { ChannelsService } from './channels.service';

@Module({
  imports: [LiveFeedModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelRuleBook],
  exports: [ChannelRuleBook],
})
export class ChannelsModule {}
