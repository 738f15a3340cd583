import { Injectable } from '@nestjs/common';
import { mayStartReturnOf, type Principal } from '@omni/platform';
import { OrdersProjectionService, type SoldLine } from '../orders-projection/orders-projection.service';
import { PolicyService } from '../policy/policy.service';
import { LineFactsReader } from '../returns/line-facts';
import { orderNotYours, orderUnknown } from '../returns/return-problems';
import type { ReturnableOrderView } from './dto/returnable.dto';
import { returnableView } from './returnable-view';

/** Enough for one desk search: a number matches one order, a reference one per channel. */
const MAX_FOUND = 10;

/**
 * What may come back of an order, for whoever may start a return of it (mayStartReturnOf): any store
 * (a customer returns any channel's order in any store), a channel its own orders, admins all.
 */
@Injectable()
export class ReturnableOrders {
  constructor(
    private readonly orders: OrdersProjectionService,
    private readonly policy: PolicyService,
    private readonly lineFacts: LineFactsReader,
  ) {}

  /** An order returns has not heard of is "not yet" (order-unknown); another channel's, "not yours" (not-found). */
  async forOrder(principal: Principal, orderId: string): Promise<ReturnableOrderView> {
    const sold = await this.orders.soldLines(orderId, { lock: false });
    if (!sold.length) throw orderUnknown(orderId);
    if (!mayStartReturnOf(principal, sold[0].line.channel)) throw orderNotYours(orderId);
    return this.view(sold);
  }

  /** The orders a number or reference names, of those the caller may return: a channel never sees another's. */
  async find(principal: Principal, number: string): Promise<ReturnableOrderView[]> {
    const channel = principal.role === 'channel' ? (principal.channel ?? '') : undefined;
    const ids = await this.orders.ordersNumbered(number, { channel, limit: MAX_FOUND });
    const views: ReturnableOrderView[] = [];
    for (const id of ids) views.push(await this.view(await this.orders.soldLines(id, { lock: false })));
    return views;
  }

  private async view(sold: SoldLine[]): Promise<ReturnableOrderView> {
    const [facts, rules] = await Promise.all([
      this.lineFacts.of(sold[0].line.orderId, sold),
      this.policy.rulesFor([...new Set(sold.map((s) => s.line.sku))]),
    ]);
    return returnableView(sold, facts, (sku) => rules.get(sku) ?? fail(`no rule for ${sku}`), new Date());
  }
}

function fail(message: string): never {
  throw new Error(message);
}
