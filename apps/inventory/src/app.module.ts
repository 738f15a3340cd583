import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules } from '@omni/bootstrap';
import type { AppConfig } from '@omni/platform';
import { AllocationsModule } from './allocations/allocations.module';
import { AvailabilityModule } from './availability/availability.module';
import { ChannelRuleRecord } from './channels/channel-rule.entity';
import { ChannelsModule } from './channels/channels.module';
import { Hold, HoldLine } from './holds/hold.entity';
import { HoldsModule } from './holds/holds.module';
import { LiveModule } from './live/live.module';
import { Location } from './locations/location.entity';
import { LocationsModule } from './locations/locations.module';
import { inventoryMigrations } from './migrations';
import { StockLevel } from './stock/stock-level.entity';
import { StockMovement } from './stock/stock-movement.entity';
import { StockModule } from './stock/stock.module';

/** Listed explicitly: bundlers break entity globs (nestjs/typeorm#52). */
const ENTITIES = [Location, ChannelRuleRecord, StockLevel, StockMovement, Hold, HoldLine];

@Module({})
export class InventoryModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: InventoryModule,
      imports: [
        ...foundationModules(config, 'inventory', { entities: ENTITIES, migrations: inventoryMigrations }),
        LocationsModule,
        StockModule,
        ChannelsModule,
        // Before AvailabilityModule: its /v1/availability/stream route must be matched ahead of /v1/availability/:sku.
        LiveModule,
        AvailabilityModule,
        HoldsModule,
        AllocationsModule,
      ],
    };
  }
}
