import { ReturnsSchema1734100000000 } from './1734100000000-returns-schema';
import { ReturnableLookup1769100000000 } from './1769100000000-returnable-lookup';

/** Listed explicitly, in order, after the shared tables foundationModules() adds: bundlers break migration globs (nrwl/nx#803). */
export const returnsMigrations = [ReturnsSchema1734100000000, ReturnableLookup1769100000000];
