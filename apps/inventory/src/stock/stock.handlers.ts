import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ItemRestocked, type EventEnvelope, type ItemRestockedV1 } from '@omni/contracts';
import { StockService } from './stock.service';

@Controller()
export class StockHandlers {
  constructor(private readonly stock: StockService) {}

  @EventPattern(ItemRestocked.type)
  onItemRestocked(@Payload() event: EventEnvelope<ItemRestockedV1>): Promise<void> {
    return this.stock.restockReturn(event.data);
  }
}
