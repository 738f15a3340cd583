import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules } from '@omni/bootstrap';
import type { AppConfig } from '@omni/platform';
import { AttributionModule } from './attribution/attribution.module';
import { CustomersModule } from './customers/customers.module';
import { HoldsModule } from './holds/holds.module';
import { KnownHold } from './holds/known-hold.entity';
import { KnownLocation } from './locations/known-location.entity';
import { LocationsModule } from './locations/locations.module';
import { ordersMigrations } from './migrations';
import { OrderLine } from './orders/order-line.entity';
import { Order } from './orders/order.entity';
import { OrdersModule } from './orders/orders.module';
import { PickupCode } from './pickup-codes/pickup-code.entity';
import { ReturnLine } from './status/return-line.entity';
import { StatusModule } from './status/status.module';
import { TimelineEntry } from './status/timeline-entry.entity';

/** Listed explicitly: entity globs break once bundled (nestjs/typeorm#52). */
const entities = [Order, OrderLine, TimelineEntry, ReturnLine, KnownLocation, KnownHold, PickupCode];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...foundationModules(config, 'orders', { entities, migrations: ordersMigrations }),
        LocationsModule,
        HoldsModule,
        StatusModule,
        OrdersModule,
        CustomersModule,
        AttributionModule,
      ],
    };
  }
}
