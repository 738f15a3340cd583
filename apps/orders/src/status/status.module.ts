import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { PickupCodesModule } from '../pickup-codes/pickup-codes.module';
import { Journey } from './journey';
import { ReturnsLedger } from './returns-ledger';
import { StatusHandlers } from './status.handlers';
import { StatusService } from './status.service';

@Module({
  imports: [HoldsModule, PickupCodesModule],
  controllers: [StatusHandlers],
  providers: [StatusService, Journey, ReturnsLedger],
  exports: [Journey, ReturnsLedger],
})
export class StatusModule {}
