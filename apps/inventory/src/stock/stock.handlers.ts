import { EventPattern, Payload } from '@nestjs/microservices';
import { ItemRestocked, type EventEnvelope, type ItemRestockedV1 } from '@omni/contracts';
import { EventHandlers } from '@omni/messaging';
import { StockService } from './stock.service';

@EventHandlers()
export class StockHandlers {
  constructor(private readonly stock: StockService) {}

  @EventPattern(ItemRestocked.type)
  onItemRestocked(@Payload() event: EventEnvelope<ItemRestockedV1>): Promise<void> {
    return this.stock.restockReturn(event.data);
  }
}
