import { EventPattern, Payload } from '@nestjs/microservices';
import {
  AllocationRequested,
  CancelDecided,
  FulfilmentOrderRejected,
  LinesUnfulfillable,
  OrderCancelled,
  PickupHandedOver,
  ShipmentDispatched,
  ShortPicked,
  type AllocationRequestedV1,
  type CancelDecidedV1,
  type FulfilmentOrderRejectedV1,
  type EventEnvelope,
  type GoodsLeftV1,
  type LinesUnfulfillableV1,
  type OrderCancelledV1,
  type ShortPickedV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { AllocationsService } from './allocations.service';
import { ConsumptionService } from './consumption.service';
import { PickExceptionsService } from './pick-exceptions.service';

/** Thin: the transport has validated the event and opened the transaction with its inbox row. */
@EventHandlers()
export class AllocationsHandlers {
  constructor(
    private readonly allocations: AllocationsService,
    private readonly consumption: ConsumptionService,
    private readonly pickExceptions: PickExceptionsService,
  ) {}

  @EventPattern(AllocationRequested.type)
  onAllocationRequested(@Payload() event: EventEnvelope<AllocationRequestedV1>): Promise<void> {
    return this.allocations.allocate(event.data);
  }

  @EventPattern(ShipmentDispatched.type)
  onShipmentDispatched(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.consumption.consume(event.data);
  }

  @EventPattern(PickupHandedOver.type)
  onPickupHandedOver(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.consumption.consume(event.data);
  }

  /** Lines orders closed itself (a pending order, a no-show): nothing of theirs can leave any more. */
  @EventPattern(OrderCancelled.type)
  onOrderCancelled(@Payload() event: EventEnvelope<OrderCancelledV1>): Promise<void> {
    return this.allocations.close(event.data.orderId, event.data.lineIds, 'order-cancelled');
  }

  /** Fulfilment cancelled these lines before their goods left: what they reserve goes back. Refused lines are consumed when they leave. */
  @EventPattern(CancelDecided.type)
  async onCancelDecided(@Payload() event: EventEnvelope<CancelDecidedV1>): Promise<void> {
    if (event.data.cancelled.length)
      await this.allocations.close(event.data.orderId, event.data.cancelled, 'order-cancelled');
  }

  /** Fulfilment gave these lines up (no location can serve them): what they still reserve goes back. */
  @EventPattern(LinesUnfulfillable.type)
  onLinesUnfulfillable(@Payload() event: EventEnvelope<LinesUnfulfillableV1>): Promise<void> {
    return this.allocations.close(
      event.data.orderId,
      event.data.lines.map((l) => l.orderLineId),
      'unfulfillable',
    );
  }

  @EventPattern(ShortPicked.type)
  onShortPicked(@Payload() event: EventEnvelope<ShortPickedV1>): Promise<void> {
    return this.pickExceptions.shortPicked(event.data);
  }

  @EventPattern(FulfilmentOrderRejected.type)
  onFulfilmentOrderRejected(@Payload() event: EventEnvelope<FulfilmentOrderRejectedV1>): Promise<void> {
    return this.pickExceptions.rejected(event.data);
  }
}
