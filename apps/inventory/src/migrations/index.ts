import { InventorySchema1733000000001 } from './1733000000001-inventory-schema';
import { ClosedOrderLineReason1765200000000 } from './1765200000000-closed-order-line-reason';

/** Listed explicitly, in order, after the shared tables foundationModules() adds: bundlers break migration globs (nrwl/nx#803). */
export const inventoryMigrations = [InventorySchema1733000000001, ClosedOrderLineReason1765200000000];
