import { Module, type DynamicModule } from '@nestjs/common';
import { foundationModules } from '@omni/bootstrap';
import type { AppConfig } from '@omni/platform';
import { DispositionRecord } from './inspection/disposition.entity';
import { InspectionModule } from './inspection/inspection.module';
import { returnsMigrations } from './migrations';
import { LineFulfilment } from './orders-projection/line-fulfilment.entity';
import { ProjectedOrderLine } from './orders-projection/order-line.entity';
import { OrdersProjectionModule } from './orders-projection/orders-projection.module';
import { ReturnPolicyRecord, SkuPolicyRecord } from './policy/policy.entity';
import { ReturnableModule } from './returnable/returnable.module';
import { PolicyModule } from './policy/policy.module';
import { ReturnLineRecord, ReturnRecord } from './returns/return.entity';
import { ReturnsFeatureModule } from './returns/returns.module';

/** Listed explicitly: bundlers break entity globs (nestjs/typeorm#52). */
const ENTITIES = [
  ProjectedOrderLine,
  LineFulfilment,
  ReturnPolicyRecord,
  SkuPolicyRecord,
  ReturnRecord,
  ReturnLineRecord,
  DispositionRecord,
];

@Module({})
export class ReturnsModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ReturnsModule,
      imports: [
        ...foundationModules(config, 'returns', { entities: ENTITIES, migrations: returnsMigrations }),
        OrdersProjectionModule,
        PolicyModule,
        ReturnsFeatureModule,
        InspectionModule,
        ReturnableModule,
      ],
    };
  }
}
