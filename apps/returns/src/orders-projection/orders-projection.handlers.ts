import { EventPattern, Payload } from '@nestjs/microservices';
import {
  CancelDecided,
  OrderCancelled,
  OrderPlaced,
  PickupHandedOver,
  ShipmentDelivered,
  ShipmentDispatched,
  type CancelDecidedV1,
  type EventEnvelope,
  type GoodsLeftV1,
  type OrderCancelledV1,
  type OrderPlacedV1,
  type ShipmentDeliveredV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { OrdersProjectionService } from './orders-projection.service';

/** What orders sold and fulfilment handed over or delivered: the facts every return is checked against. */
@EventHandlers()
export class OrdersProjectionHandlers {
  constructor(private readonly projection: OrdersProjectionService) {}

  @EventPattern(OrderPlaced.type)
  onOrderPlaced(@Payload() event: EventEnvelope<OrderPlacedV1>): Promise<void> {
    return this.projection.recordPlaced(event.data);
  }

  @EventPattern(OrderCancelled.type)
  onOrderCancelled(@Payload() event: EventEnvelope<OrderCancelledV1>): Promise<void> {
    return this.projection.recordCancelled(event.data);
  }

  /** Only the lines fulfilment cancelled: a refused cancel's goods left, and may come back as a return. */
  @EventPattern(CancelDecided.type)
  async onCancelDecided(@Payload() event: EventEnvelope<CancelDecidedV1>): Promise<void> {
    if (event.data.cancelled.length)
      await this.projection.recordCancelled({ orderId: event.data.orderId, lineIds: event.data.cancelled });
  }

  @EventPattern(PickupHandedOver.type)
  onPickupHandedOver(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.projection.recordGoodsLeft('pickup', event.data, event.occurredAt);
  }

  @EventPattern(ShipmentDispatched.type)
  onShipmentDispatched(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.projection.recordGoodsLeft('shipment', event.data, event.occurredAt);
  }

  @EventPattern(ShipmentDelivered.type)
  onShipmentDelivered(@Payload() event: EventEnvelope<ShipmentDeliveredV1>): Promise<void> {
    // The carrier's time when the event carries it (the window counts from delivery, not from when it was recorded).
    return this.projection.recordDelivered(event.data, event.data.deliveredAt ?? event.occurredAt);
  }
}
