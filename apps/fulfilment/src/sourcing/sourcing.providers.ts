import type { Provider } from '@nestjs/common';
import { AppConfig } from '@omni/platform';
import type { SourcingPolicy, SourcingStrategy } from './sourcing.model';
import { NearestStockedStrategy } from './sourcing.rules';

export const SOURCING_POLICY = Symbol('SOURCING_POLICY');
/** Bind another SourcingStrategy here to change how locations are chosen; the saga does not care. */
export const SOURCING_STRATEGY = Symbol('SOURCING_STRATEGY');

export const sourcingProviders: Provider[] = [
  {
    provide: SOURCING_POLICY,
    inject: [AppConfig],
    useFactory: (c: AppConfig): SourcingPolicy => ({
      maxSplits: c.SOURCING_MAX_SPLITS,
      sameDayRadiusKm: c.SAME_DAY_RADIUS_KM,
      sameDayCutoff: c.SAME_DAY_CUTOFF,
      alternativesRadiusKm: c.PICKUP_ALTERNATIVES_RADIUS_KM,
    }),
  },
  { provide: SOURCING_STRATEGY, useFactory: (): SourcingStrategy => new NearestStockedStrategy() },
];
