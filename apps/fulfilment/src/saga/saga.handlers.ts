import { EventPattern, Payload } from '@nestjs/microservices';
import {
  Allocated,
  AllocationRejected,
  CancelRequested,
  DiscrepancyDetected,
  OrderCancelled,
  OrderPlaced,
  type AllocatedV1,
  type AllocationRejectedV1,
  type CancelRequestedV1,
  type DiscrepancyDetectedV1,
  type EventEnvelope,
  type OrderCancelledV1,
  type OrderPlacedV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { SagaService } from './saga.service';

/** Thin: the transport validated the event and opened the transaction with its inbox row. */
@EventHandlers()
export class SagaHandlers {
  constructor(private readonly saga: SagaService) {}

  @EventPattern(OrderPlaced.type)
  onOrderPlaced(@Payload() event: EventEnvelope<OrderPlacedV1>): Promise<void> {
    return this.saga.orderPlaced(event.data);
  }

  @EventPattern(Allocated.type)
  onAllocated(@Payload() event: EventEnvelope<AllocatedV1>): Promise<void> {
    return this.saga.allocated(event.data);
  }

  @EventPattern(AllocationRejected.type)
  onAllocationRejected(@Payload() event: EventEnvelope<AllocationRejectedV1>): Promise<void> {
    return this.saga.allocationRejected(event.data);
  }

  @EventPattern(DiscrepancyDetected.type)
  onDiscrepancyDetected(@Payload() event: EventEnvelope<DiscrepancyDetectedV1>): Promise<void> {
    return this.saga.discrepancy(event.data);
  }

  @EventPattern(CancelRequested.type)
  onCancelRequested(@Payload() event: EventEnvelope<CancelRequestedV1>): Promise<void> {
    return this.saga.cancelRequested(event.data);
  }

  @EventPattern(OrderCancelled.type)
  onOrderCancelled(@Payload() event: EventEnvelope<OrderCancelledV1>): Promise<void> {
    return this.saga.orderCancelled(event.data);
  }
}
