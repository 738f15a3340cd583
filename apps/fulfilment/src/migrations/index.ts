import { MessagingTables1732400000000 } from './1732400000000-messaging-tables';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const fulfilmentMigrations = [MessagingTables1732400000000];
