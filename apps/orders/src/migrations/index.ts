import { ServiceTables1732400000000 } from '@omni/messaging';
import { OrdersSchema1732400000001 } from './1732400000001-orders-schema';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const ordersMigrations = [ServiceTables1732400000000, OrdersSchema1732400000001];
