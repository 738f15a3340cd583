import { EventPattern, Payload } from '@nestjs/microservices';
import {
  HoldExpired,
  HoldReleased,
  LocationChanged,
  StockHeld,
  StockLevelChanged,
  type EventEnvelope,
  type HoldEndedV1,
  type LocationChangedV1,
  type StockHeldV1,
  type StockLevelChangedV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { ProjectionsService } from './projections.service';

@EventHandlers()
export class ProjectionsHandlers {
  constructor(private readonly projections: ProjectionsService) {}

  @EventPattern(LocationChanged.type)
  onLocationChanged(@Payload() event: EventEnvelope<LocationChangedV1>): Promise<void> {
    return this.projections.applyLocation(event.data);
  }

  @EventPattern(StockLevelChanged.type)
  onStockLevelChanged(@Payload() event: EventEnvelope<StockLevelChangedV1>): Promise<void> {
    return this.projections.applyStockLevel(event.data);
  }

  @EventPattern(StockHeld.type)
  onStockHeld(@Payload() event: EventEnvelope<StockHeldV1>): Promise<void> {
    return this.projections.applyHold(event.data);
  }

  @EventPattern(HoldReleased.type)
  onHoldReleased(@Payload() event: EventEnvelope<HoldEndedV1>): Promise<void> {
    return this.projections.dropHold(event.data);
  }

  @EventPattern(HoldExpired.type)
  onHoldExpired(@Payload() event: EventEnvelope<HoldEndedV1>): Promise<void> {
    return this.projections.dropHold(event.data);
  }
}
