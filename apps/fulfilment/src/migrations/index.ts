import { FulfilmentSchema1733200000000 } from './1733200000000-fulfilment-schema';
import { TaskDelivered1733300000000 } from './1733300000000-task-delivered';
import { SourcingWaitsForItsView1765400000000 } from './1765400000000-sourcing-waits-for-its-view';
import { TasksByOrder1765500000000 } from './1765500000000-tasks-by-order';
import { SharedStatusWords1769000000000 } from './1769000000000-shared-status-words';
import { HoldLinesInTheirHold1770000000000 } from './1770000000000-hold-lines-in-their-hold';

/** Listed explicitly, in order, after the shared tables foundationModules() adds: bundlers break migration globs (nrwl/nx#803). */
export const fulfilmentMigrations = [
  FulfilmentSchema1733200000000,
  TaskDelivered1733300000000,
  SourcingWaitsForItsView1765400000000,
  TasksByOrder1765500000000,
  SharedStatusWords1769000000000,
  HoldLinesInTheirHold1770000000000,
];
