import { Module } from '@nestjs/common';
import { OrdersProjectionModule } from '../orders-projection/orders-projection.module';
import { PolicyModule } from '../policy/policy.module';
import { ReturnsFeatureModule } from '../returns/returns.module';
import { ReturnableController } from './returnable.controller';
import { ReturnableOrders } from './returnable.service';

/** The returns desk's view of any order: what may come back of it (GET /v1/orders/{id}/returnable, /v1/returnable-orders). */
@Module({
  imports: [OrdersProjectionModule, PolicyModule, ReturnsFeatureModule],
  controllers: [ReturnableController],
  providers: [ReturnableOrders],
})
export class ReturnableModule {}
