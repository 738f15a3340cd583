import { MessagingTables1733000000000 } from './1733000000000-messaging-tables';
import { InventorySchema1733000000001 } from './1733000000001-inventory-schema';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const inventoryMigrations = [MessagingTables1733000000000, InventorySchema1733000000001];
