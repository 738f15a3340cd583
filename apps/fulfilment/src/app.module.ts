import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules } from '@omni/bootstrap';
import type { AppConfig } from '@omni/platform';
import { CapacityModule } from './capacity/capacity.module';
import { LocationSettings } from './capacity/location-settings.entity';
import { FulfilmentOrderLine } from './fulfilment-orders/fulfilment-order.entity';
import { Task } from './tasks/task.entity';
import { fulfilmentMigrations } from './migrations';
import { Pickup } from './pickups/pickup.entity';
import { ProjectionsModule } from './projections/projections.module';
import { SagaModule } from './saga/saga.module';
import { SourcingDecision } from './sourcing/sourcing-decision.entity';
import { SourcingModule } from './sourcing/sourcing.module';
import { TasksModule } from './tasks/tasks.module';

/** Listed explicitly: bundlers break entity globs (nestjs/typeorm#52). Projections and the saga's rows are plain SQL tables. */
const ENTITIES = [LocationSettings, SourcingDecision, FulfilmentOrderLine, Task, Pickup];

@Module({})
export class FulfilmentModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: FulfilmentModule,
      imports: [
        ...foundationModules(config, 'fulfilment', { entities: ENTITIES, migrations: fulfilmentMigrations }),
        ProjectionsModule,
        CapacityModule,
        SourcingModule,
        SagaModule,
        TasksModule,
      ],
    };
  }
}
