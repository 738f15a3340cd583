import { ServiceTables1732400000000 } from '@omni/messaging';
import { InventorySchema1733000000001 } from './1733000000001-inventory-schema';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const inventoryMigrations = [ServiceTables1732400000000, InventorySchema1733000000001];
