import { Injectable, Logger } from '@nestjs/common';
import { customerHistoryAccess, notFoundProblem, TransactionHost, type Principal } from '@omni/platform';
import type { PageQuery } from '../orders/dto/list-orders.query';
import { OrderReader, type Page } from '../orders/order-reader';
import type { OrderSummary } from '../orders/order-view';

/**
 * One history per customer whatever the channel, read by those the ownership rules let in
 * (customerHistoryAccess): a channel its own customers', whole; a store any, each read audited.
 */
@Injectable()
export class CustomerHistory {
  private readonly audit = new Logger('CustomerHistoryAudit');

  constructor(
    private readonly tx: TransactionHost,
    private readonly reader: OrderReader,
  ) {}

  async page(principal: Principal, customerId: string, query: PageQuery): Promise<Page<OrderSummary>> {
    const access = customerHistoryAccess(principal, await this.ownChannelOf(principal, customerId));
    // Another channel's customer is as good as unknown: the answer is the one a customer nobody knows gets.
    if (access === 'denied') throw notFoundProblem('customer', customerId);
    if (access === 'audited') {
      const line = {
        audit: 'customer-history-read',
        customerId,
        locations: principal.locations,
        principal: principal.sub,
      };
      this.audit.log(line, 'store read a customer history');
    }
    return this.reader.page({ ...query, customerId });
  }

  /** The caller's channel when the customer has an order in it (all the rule needs to know), else none. */
  private async ownChannelOf(principal: Principal, customerId: string): Promise<string[]> {
    if (principal.role !== 'channel' || !principal.channel) return [];
    const rows: unknown[] = await this.tx.manager.query(
      `SELECT 1 FROM orders WHERE customer_id = $1 AND channel = $2 LIMIT 1`,
      [customerId, principal.channel],
    );
    return rows.length ? [principal.channel] : [];
  }
}
