import { EventPattern, Payload } from '@nestjs/microservices';
import {
  HoldExpired,
  HoldExtended,
  HoldReleased,
  StockHeld,
  type EventEnvelope,
  type HoldEndedV1,
  type HoldExtendedV1,
  type StockHeldV1,
} from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { HoldsService } from './holds.service';

@EventHandlers()
export class HoldsHandlers {
  constructor(private readonly holds: HoldsService) {}

  @EventPattern(StockHeld.type)
  onHeld(@Payload() event: EventEnvelope<StockHeldV1>): Promise<void> {
    return this.holds.held(event.data);
  }

  @EventPattern(HoldExtended.type)
  onExtended(@Payload() event: EventEnvelope<HoldExtendedV1>): Promise<void> {
    return this.holds.extended(event.data);
  }

  @EventPattern(HoldReleased.type)
  onReleased(@Payload() event: EventEnvelope<HoldEndedV1>): Promise<void> {
    return this.holds.ended(event.data, 'released');
  }

  @EventPattern(HoldExpired.type)
  onExpired(@Payload() event: EventEnvelope<HoldEndedV1>): Promise<void> {
    return this.holds.ended(event.data, 'expired');
  }
}
