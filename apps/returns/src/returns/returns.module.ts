import { Module } from '@nestjs/common';
import { OrdersProjectionModule } from '../orders-projection/orders-projection.module';
import { PolicyModule } from '../policy/policy.module';
import { LineFactsReader } from './line-facts';
import { ReturnAccess } from './return-access';
import { ReturnViews } from './return-views';
import { ReturnsController } from './returns.controller';
import { ReturnsService } from './returns.service';

/** Authorise, receive, walk in, cancel and read returns (the root module is ReturnsModule in app.module.ts). */
@Module({
  imports: [OrdersProjectionModule, PolicyModule],
  controllers: [ReturnsController],
  providers: [ReturnsService, ReturnViews, ReturnAccess, LineFactsReader],
  exports: [ReturnViews, ReturnAccess, LineFactsReader],
})
export class ReturnsFeatureModule {}
