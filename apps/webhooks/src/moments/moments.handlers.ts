import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CancelDecided,
  LinesUnfulfillable,
  OrderCancelled,
  OrderPlaced,
  PickupReminderDue,
  ReadyForPickup,
  RefundDecided,
  ShipmentDelivered,
  ShipmentDispatched,
  type CancelDecidedV1,
  type EventEnvelope,
  type GoodsLeftV1,
  type LinesUnfulfillableV1,
  type OrderCancelledV1,
  type OrderPlacedV1,
  type PickupReminderDueV1,
  type ReadyForPickupV1,
  type RefundDecidedV1,
  type ShipmentDeliveredV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { MomentsService } from './moments.service';

/** Whose each order is, and the customer's moments a channel's backend is told of (moments.rules.ts maps each to its webhook). */
@EventHandlers()
export class MomentsHandlers {
  constructor(private readonly moments: MomentsService) {}

  @EventPattern(OrderPlaced.type)
  onOrderPlaced(@Payload() event: EventEnvelope<OrderPlacedV1>): Promise<void> {
    return this.moments.placed(event);
  }

  @EventPattern(ReadyForPickup.type)
  onReadyForPickup(@Payload() event: EventEnvelope<ReadyForPickupV1>): Promise<void> {
    return this.moments.happened(event);
  }

  @EventPattern(PickupReminderDue.type)
  onPickupReminderDue(@Payload() event: EventEnvelope<PickupReminderDueV1>): Promise<void> {
    return this.moments.happened(event);
  }

  @EventPattern(ShipmentDispatched.type)
  onShipmentDispatched(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.moments.happened(event);
  }

  @EventPattern(ShipmentDelivered.type)
  onShipmentDelivered(@Payload() event: EventEnvelope<ShipmentDeliveredV1>): Promise<void> {
    return this.moments.happened(event);
  }

  /** Placed lines: fulfilment decides a cancel (a decision that cancelled nothing makes no webhook). */
  @EventPattern(CancelDecided.type)
  onCancelDecided(@Payload() event: EventEnvelope<CancelDecidedV1>): Promise<void> {
    return this.moments.happened(event);
  }

  /** Pending lines and no-shows: orders cancels them itself. */
  @EventPattern(OrderCancelled.type)
  onOrderCancelled(@Payload() event: EventEnvelope<OrderCancelledV1>): Promise<void> {
    return this.moments.happened(event);
  }

  @EventPattern(LinesUnfulfillable.type)
  onLinesUnfulfillable(@Payload() event: EventEnvelope<LinesUnfulfillableV1>): Promise<void> {
    return this.moments.happened(event);
  }

  @EventPattern(RefundDecided.type)
  onRefundDecided(@Payload() event: EventEnvelope<RefundDecidedV1>): Promise<void> {
    return this.moments.happened(event);
  }
}
