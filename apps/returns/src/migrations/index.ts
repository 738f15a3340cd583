import { ServiceTables1732400000000 } from '@omni/messaging';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const returnsMigrations = [ServiceTables1732400000000];
