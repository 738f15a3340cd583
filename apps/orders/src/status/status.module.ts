import { Module } from '@nestjs/common';
import { HoldsModule } from '../holds/holds.module';
import { PickupCodesModule } from '../pickup-codes/pickup-codes.module';
import { Journey } from './journey';
import { OrderChanges } from './order-changes';
import { ReturnsLedger } from './returns-ledger';
import { StatusHandlers } from './status.handlers';
import { StatusService } from './status.service';

@Module({
  imports: [HoldsModule, PickupCodesModule],
  controllers: [StatusHandlers],
  providers: [StatusService, Journey, OrderChanges, ReturnsLedger],
  exports: [Journey, OrderChanges, ReturnsLedger],
})
export class StatusModule {}
