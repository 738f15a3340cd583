import { BaseRpcContext } from '@nestjs/microservices';
import type { IncomingRecord } from '../event-log/event-log';

/** What a handler may ask about the record it is handling (`@Ctx() ctx: EventContext`). */
export class EventContext extends BaseRpcContext<[IncomingRecord, number]> {
  get record(): IncomingRecord {
    return this.args[0];
  }

  get attempt(): number {
    return this.args[1];
  }
}
