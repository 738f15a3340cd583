import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { defineEvent } from '../event-definition';

// Events published by fulfilment on omni.fulfilment.v1, keyed by order id.

export class AllocationRequestLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
  @IsString() locationId: string;
}

/** A request to inventory: allocate these lines at these locations, all or nothing (answered by inventory.allocated / allocation-rejected). */
export class AllocationRequestedV1 {
  @IsString() orderId: string;
  @IsString() requestId: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AllocationRequestLineV1)
  lines: AllocationRequestLineV1[];
  /** The cart hold the order carried: its stock is converted before any other is taken. */
  @IsOptional() @IsString() holdId?: string;
}
export const AllocationRequested = defineEvent(
  'fulfilment',
  'fulfilment.allocation-requested',
  1,
  AllocationRequestedV1,
);

export class FulfilledLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
}

/** Goods left a location: the allocation behind them is consumed. */
export class GoodsLeftV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
  /** Shipments only: who carries it and the carrier's tracking number. */
  @IsOptional() @IsString() carrier?: string;
  @IsOptional() @IsString() trackingNumber?: string;
}
export const ShipmentDispatched = defineEvent('fulfilment', 'fulfilment.shipment-dispatched', 1, GoodsLeftV1);
export const PickupHandedOver = defineEvent('fulfilment', 'fulfilment.pickup-handed-over', 1, GoodsLeftV1);

/** Fulfilment chose a location for these lines and opened a fulfilment order there (tasks follow). */
export class FulfilmentOrderCreatedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
export const FulfilmentOrderCreated = defineEvent(
  'fulfilment',
  'fulfilment.fulfilment-order-created',
  1,
  FulfilmentOrderCreatedV1,
);

/** A store that could serve a pickup line the chosen store cannot (the customer may switch to it). */
export class AlternativeLocationV1 {
  @IsString() locationId: string;
  @IsString() name: string;
  @IsOptional() @IsNumber() distanceKm?: number;
}

export class UnfulfillableLineV1 {
  @IsString() orderLineId: string;
  @IsString() reason: string;
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => AlternativeLocationV1)
  alternatives?: AlternativeLocationV1[];
}

/** No eligible location can serve these lines: sourcing has given up on them. */
export class LinesUnfulfillableV1 {
  @IsString() orderId: string;
  @IsArray()
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => UnfulfillableLineV1)
  lines: UnfulfillableLineV1[];
}
export const LinesUnfulfillable = defineEvent('fulfilment', 'fulfilment.lines-unfulfillable', 1, LinesUnfulfillableV1);

export class RefusedCancelLineV1 {
  @IsString() orderLineId: string;
  @IsString() reason: string;
}

/**
 * Fulfilment's answer to orders.cancel-requested, taken under the order's task locks so that a handover
 * or shipment either happened before (the line is refused) or can no longer happen (it is cancelled).
 * Inventory releases the cancelled lines' stock on this event.
 */
export class CancelDecidedV1 {
  @IsString() orderId: string;
  @IsArray() @IsString({ each: true }) cancelled: string[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => RefusedCancelLineV1) refused: RefusedCancelLineV1[];
  /** The customer's reason, passed on from the request. */
  @IsOptional() @IsString() reason?: string;
}
export const CancelDecided = defineEvent('fulfilment', 'fulfilment.cancel-decided', 1, CancelDecidedV1);

/** Picked and packed at a store, waiting for the customer until `expiresAt`. */
export class ReadyForPickupV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
  @IsISO8601() expiresAt: string;
  /** The 6-digit code the customer shows at handover, for the notification; fulfilment stores only its hash. */
  @IsOptional() @Matches(/^[0-9]{6}$/) pickupCode?: string;
}
export const ReadyForPickup = defineEvent('fulfilment', 'fulfilment.ready-for-pickup', 1, ReadyForPickupV1);

/** Lines of a fulfilment order, without a location: the fulfilment order names it. */
export class FulfilmentLinesV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
/** The carrier delivered a shipment. */
export class ShipmentDeliveredV1 extends FulfilmentLinesV1 {
  /**
   * When the carrier delivered (it may be recorded later than that): what a return window counts from.
   * Optional, added within v1: readers tolerate unknown fields, and events without it fall back to occurredAt.
   */
  @IsOptional() @IsISO8601() deliveredAt?: string;
}
export const ShipmentDelivered = defineEvent('fulfilment', 'fulfilment.shipment-delivered', 1, ShipmentDeliveredV1);
/** The customer did not collect before the pickup window closed; the order cancels these lines. */
export const PickupExpired = defineEvent('fulfilment', 'fulfilment.pickup-expired', 1, FulfilmentLinesV1);

/** A waiting pickup will expire soon: remind the customer (sent once, `remindAt` before `expiresAt`). */
export class PickupReminderDueV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsISO8601() expiresAt: string;
}
export const PickupReminderDue = defineEvent('fulfilment', 'fulfilment.pickup-reminder-due', 1, PickupReminderDueV1);

export class SourcedLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  @IsInt() @Min(1) qty: number;
  @IsString() locationId: string;
}

export const SOURCING_TRIGGERS = [
  'order-placed',
  'allocation-rejected',
  'short-picked',
  'fulfilment-order-rejected',
  'discrepancy-detected',
] as const;
export type SourcingTrigger = (typeof SOURCING_TRIGGERS)[number];

/** Fulfilment chose locations for some lines of an order (GET /v1/orders/{id}/sourcing has the candidates and scores). */
export class SourcingDecidedV1 {
  @IsString() orderId: string;
  @IsString() decisionId: string;
  @IsIn(SOURCING_TRIGGERS) trigger: SourcingTrigger;
  /** Absent when nothing was assigned. */
  @IsOptional() @IsString() requestId?: string;
  @IsArray() @ValidateNested({ each: true }) @Type(() => SourcedLineV1) assigned: SourcedLineV1[];
  @IsArray() @ValidateNested({ each: true }) @Type(() => UnfulfillableLineV1) unfulfillable: UnfulfillableLineV1[];
}
export const SourcingDecided = defineEvent('fulfilment', 'fulfilment.sourcing-decided', 1, SourcingDecidedV1);

export class ShortPickedLineV1 {
  @IsString() orderLineId: string;
  @IsString() sku: string;
  /** What the line asked for, what staff found, and the difference. */
  @IsInt() @Min(1) qty: number;
  @IsInt() @Min(0) pickedQty: number;
  @IsInt() @Min(1) shortQty: number;
}

/**
 * Staff found fewer units on the shelf than were allocated. Inventory should correct the location's
 * stock by `shortQty` and release these lines' allocation at `locationId`; fulfilment re-sources each
 * short line whole elsewhere (an allocation is one per order line), so the picked units go back to the shelf.
 */
export class ShortPickedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => ShortPickedLineV1) lines: ShortPickedLineV1[];
}
export const ShortPicked = defineEvent('fulfilment', 'fulfilment.short-picked', 1, ShortPickedV1);

export const REJECTION_REASONS = ['out_of_stock', 'damaged', 'no_capacity'] as const;
export type FulfilmentRejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * A location gave back a fulfilment order it cannot serve; its lines are re-sourced elsewhere.
 * Inventory should release the lines' allocation at `locationId` (and, for out_of_stock or damaged,
 * correct the stock there).
 */
export class FulfilmentOrderRejectedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() locationId: string;
  @IsIn(REJECTION_REASONS) reason: FulfilmentRejectionReason;
  @IsArray() @ArrayMinSize(1) @ValidateNested({ each: true }) @Type(() => FulfilledLineV1) lines: FulfilledLineV1[];
}
export const FulfilmentOrderRejected = defineEvent(
  'fulfilment',
  'fulfilment.fulfilment-order-rejected',
  1,
  FulfilmentOrderRejectedV1,
);

export const TASK_PROGRESS_STEPS = ['picked', 'packed'] as const;
export type TaskProgressStep = (typeof TASK_PROGRESS_STEPS)[number];

/** Staff progress on a fulfilment order before it is ready or shipped (for the order timeline). */
export class TaskProgressedV1 {
  @IsString() orderId: string;
  @IsString() fulfilmentOrderId: string;
  @IsString() taskId: string;
  @IsString() locationId: string;
  @IsIn(TASK_PROGRESS_STEPS) step: TaskProgressStep;
}
export const TaskProgressed = defineEvent('fulfilment', 'fulfilment.task-progressed', 1, TaskProgressedV1);
