import { EventPattern, Payload } from '@nestjs/microservices';
import { LocationChanged, type EventEnvelope, type LocationChangedV1 } from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { LocationsService } from './locations.service';

@EventHandlers()
export class LocationsHandlers {
  constructor(private readonly locations: LocationsService) {}

  @EventPattern(LocationChanged.type)
  onLocationChanged(@Payload() event: EventEnvelope<LocationChangedV1>): Promise<void> {
    return this.locations.changed(event.data);
  }
}
