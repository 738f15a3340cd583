import { OrdersSchema1732400000001 } from './1732400000001-orders-schema';
import { PendingOrders1765400000001 } from './1765400000001-pending-orders';
import { KnownSkus1765600000001 } from './1765600000001-known-skus';
import { CancelRequests1767000000001 } from './1767000000001-cancel-requests';
import { PickupCodes1768000000001 } from './1768000000001-pickup-codes';

/** Listed explicitly, in order, after the shared tables foundationModules() adds: bundlers break migration globs (nrwl/nx#803). */
export const ordersMigrations = [
  OrdersSchema1732400000001,
  PendingOrders1765400000001,
  KnownSkus1765600000001,
  CancelRequests1767000000001,
  PickupCodes1768000000001,
];
