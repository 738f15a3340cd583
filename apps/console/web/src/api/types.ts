// The shapes the console reads, kept to the fields it uses. Answers come typed from @omni/client (the
// services' OpenAPI documents, libs/client), and console-api.ts only compiles while each answer type of the
// contract is assignable to these: a field the contract drops or retypes breaks the build, not the screen.
import type { fulfilment, orders, returns } from '@omni/client';

export type Role = 'admin' | 'channel' | 'store';
export type ServiceName = 'inventory' | 'orders' | 'fulfilment' | 'returns';

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem+json; extension members (remainingAttempts, taskStatus, violations, ...) beside. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The contract's task statuses: one it adds or renames breaks the build where the console names each (labels). */
export type TaskStatus = fulfilment.components['schemas']['Task']['status'];
export const OPEN_TASK_STATUSES = [
  'to_pick',
  'to_pack',
  'packed',
  'ready_for_pickup',
] as const satisfies readonly TaskStatus[];
/** Still waiting for, or in the middle of, staff work; any other status is an end. */
export const isOpenTask = (status: TaskStatus): boolean =>
  (OPEN_TASK_STATUSES as readonly TaskStatus[]).includes(status);
export type DeliveryType = 'ship' | 'pickup' | 'same_day';

export interface TaskLine {
  orderLineId: string;
  sku: string;
  qty: number;
  pickedQty: number | null;
  status: string;
}

export interface Task {
  id: string;
  fulfilmentOrderId: string;
  orderId: string;
  locationId: string;
  deliveryType: DeliveryType;
  status: TaskStatus;
  reason: string | null;
  carrier: string | null;
  trackingNumber: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
  lines: TaskLine[];
  pickup?: { status: string; expiresAt: string; failedAttempts: number; locked: boolean; reminded: boolean };
}

export interface Money {
  currency: string;
  amountMinor: number;
}

export interface OrderSummary {
  id: string;
  channel: string;
  status: string;
  customerId: string;
  externalRef: string | null;
  placedAt: string;
  updatedAt: string;
  lineCount: number;
  totals: Money[];
}

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  region?: string;
  postalCode: string;
  country: string;
}

export interface OrderLine {
  id: string;
  lineNo: number;
  sku: string;
  qty: number;
  unitPrice: number;
  currency: string;
  delivery: { type: DeliveryType; address?: Address; locationId?: string };
  status: string;
  statusReason: string | null;
  returnedQty: number;
  refundedQty: number;
}

export interface Order {
  id: string;
  channel: string;
  status: string;
  externalRef: string | null;
  placedAt: string;
  customer: { id: string; email?: string; phone?: string };
  locationIds: string[];
  lines: OrderLine[];
  totals: Money[];
}

export type PlaceOrderBody = orders.components['schemas']['PlaceOrderDto'];
export type OrderStatus = NonNullable<NonNullable<orders.operations['orders_list']['parameters']['query']>['status']>;
export type WalkInBody = returns.components['schemas']['WalkInReturnDto'];

export interface Location {
  id: string;
  type: string;
  name: string;
  address: Address;
  lat: number;
  lng: number;
  capabilities: string[];
  active: boolean;
}

export interface StockLevel {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
  sellable: number;
  asOf: string;
}

export interface NearbyStore {
  locationId: string;
  name: string;
  distanceKm: number;
  available: number;
  bopis: boolean;
  asOf: string;
}

export const RETURN_REASONS = [
  'changed-mind',
  'wrong-size',
  'defective',
  'damaged-in-transit',
  'wrong-item',
  'not-as-described',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
/** Any order as the returns desk sees it, whichever channel sold it and wherever it was fulfilled (returns' GET /v1/orders/{id}/returnable). */
export type ReturnableOrder = returns.components['schemas']['ReturnableOrder'];
export type ReturnableLine = ReturnableOrder['lines'][number];
/** Why nothing of a line can come back now. */
export type NotReturnableReason = NonNullable<ReturnableLine['notReturnable']>['reason'];

export const DISPOSITIONS = ['restock', 'damaged', 'return-to-vendor', 'transfer'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export interface ReturnLine {
  orderLineId: string;
  sku: string;
  reason: ReturnReason;
  authorisedQty: number;
  receivedQty: number | null;
  unitPriceMinor: number;
  dispositions: Array<{ disposition: Disposition; qty: number; toLocationId: string | null; note: string | null }>;
  refund: { qty: number; feeMinor: number; amountMinor: number } | null;
}

export interface Return {
  id: string;
  orderId: string;
  status: 'authorised' | 'received' | 'inspected' | 'cancelled';
  customerId: string;
  received: { locationId: string; at: string } | null;
  inspectedAt: string | null;
  currency: string;
  refund: { totalMinor: number; currency: string } | null;
  lines: ReturnLine[];
}

export interface InspectionEntry {
  orderLineId: string;
  disposition: Disposition;
  qty: number;
  toLocationId?: string;
  note?: string;
}
