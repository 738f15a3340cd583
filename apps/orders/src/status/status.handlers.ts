import { EventPattern, Payload } from '@nestjs/microservices';
import {
  Allocated,
  CancelDecided,
  FulfilmentOrderCreated,
  ItemsReceived,
  LinesUnfulfillable,
  PickupExpired,
  PickupHandedOver,
  ReadyForPickup,
  RefundDecided,
  ShipmentDelivered,
  ShipmentDispatched,
  type AllocatedV1,
  type CancelDecidedV1,
  type EventEnvelope,
  type FulfilmentLinesV1,
  type FulfilmentOrderCreatedV1,
  type GoodsLeftV1,
  type ItemsReceivedV1,
  type LinesUnfulfillableV1,
  type ReadyForPickupV1,
  type RefundDecidedV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { HoldsService } from '../holds/holds.service';
import { PickupCodes } from '../pickup-codes/pickup-codes.service';
import { StatusService } from './status.service';

/**
 * The journey's events from inventory, fulfilment and returns. One handler per event type in this
 * service: Nest runs handlers chained on one pattern concurrently, and they would share one transaction.
 */
@EventHandlers()
export class StatusHandlers {
  constructor(
    private readonly status: StatusService,
    private readonly holds: HoldsService,
    private readonly pickupCodes: PickupCodes,
  ) {}

  /** Also the hold projection's "allocated from hold": the hold's stock now belongs to the order. */
  @EventPattern(Allocated.type)
  async onAllocated(@Payload() event: EventEnvelope<AllocatedV1>): Promise<void> {
    const { holdId } = event.data;
    await this.status.allocated(event, ...(holdId ? [this.holds.converted(holdId)] : []));
  }

  @EventPattern(FulfilmentOrderCreated.type)
  onFulfilmentOrderCreated(@Payload() event: EventEnvelope<FulfilmentOrderCreatedV1>): Promise<void> {
    return this.status.fulfilmentOrderCreated(event);
  }

  @EventPattern(LinesUnfulfillable.type)
  onLinesUnfulfillable(@Payload() event: EventEnvelope<LinesUnfulfillableV1>): Promise<void> {
    return this.status.linesUnfulfillable(event);
  }

  /** Also the pickup code the order's channel may read (a reissue announces the new one). */
  @EventPattern(ReadyForPickup.type)
  async onReadyForPickup(@Payload() event: EventEnvelope<ReadyForPickupV1>): Promise<void> {
    await this.status.readyForPickup(event);
    await this.pickupCodes.announced(event);
  }

  @EventPattern(PickupHandedOver.type)
  onPickupHandedOver(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.status.goodsLeft(event);
  }

  @EventPattern(ShipmentDispatched.type)
  onShipmentDispatched(@Payload() event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    return this.status.goodsLeft(event);
  }

  @EventPattern(ShipmentDelivered.type)
  onShipmentDelivered(@Payload() event: EventEnvelope<FulfilmentLinesV1>): Promise<void> {
    return this.status.delivered(event);
  }

  @EventPattern(CancelDecided.type)
  onCancelDecided(@Payload() event: EventEnvelope<CancelDecidedV1>): Promise<void> {
    return this.status.cancelDecided(event);
  }

  @EventPattern(PickupExpired.type)
  onPickupExpired(@Payload() event: EventEnvelope<FulfilmentLinesV1>): Promise<void> {
    return this.status.pickupExpired(event);
  }

  @EventPattern(ItemsReceived.type)
  onItemsReceived(@Payload() event: EventEnvelope<ItemsReceivedV1>): Promise<void> {
    return this.status.itemsReceived(event);
  }

  @EventPattern(RefundDecided.type)
  onRefundDecided(@Payload() event: EventEnvelope<RefundDecidedV1>): Promise<void> {
    return this.status.refundDecided(event);
  }
}
