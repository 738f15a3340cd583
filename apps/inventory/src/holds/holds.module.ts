import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module';
import { LocationsModule } from '../locations/locations.module';
import { StockModule } from '../stock/stock.module';
import { HoldChangelog } from './hold-changelog';
import { HoldCoalescer } from './hold-coalescer';
import { HoldRecorder } from './hold-recorder';
import { HoldSweeper } from './hold-sweeper';
import { HoldTaker } from './hold-taker';
import { HoldsController } from './holds.controller';
import { HoldsService } from './holds.service';

@Module({
  imports: [StockModule, LocationsModule, ChannelsModule],
  controllers: [HoldsController],
  providers: [HoldsService, HoldTaker, HoldRecorder, HoldCoalescer, HoldSweeper, HoldChangelog],
  exports: [HoldChangelog],
})
export class HoldsModule {}
