import { ServiceTables1732400000000 } from '@omni/messaging';
import { ReturnsSchema1734100000000 } from './1734100000000-returns-schema';

/** Listed explicitly, in order: bundlers break migration globs (nrwl/nx#803). */
export const returnsMigrations = [ServiceTables1732400000000, ReturnsSchema1734100000000];
