import { ServiceTables1732400000000 } from '@omni/messaging';
import { FulfilmentSchema1733200000000 } from './1733200000000-fulfilment-schema';
import { TaskDelivered1733300000000 } from './1733300000000-task-delivered';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const fulfilmentMigrations = [ServiceTables1732400000000, FulfilmentSchema1733200000000, TaskDelivered1733300000000];
