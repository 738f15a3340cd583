import { Injectable } from '@nestjs/common';
import { TransactionHost, type ReturnAccessFacts } from '@omni/platform';

/** The parts of a return (a record or its view) that decide who may see and act on it. */
export interface ReturnScope {
  orderId: string;
  /** The channel of whoever started it. */
  channel: string | null;
  returnLocationId: string;
  receivedLocationId: string | null;
}

/** What the ownership rules (libs/platform ownership.ts) need to know of a return: the record plus its order's channel. */
@Injectable()
export class ReturnAccess {
  constructor(private readonly tx: TransactionHost) {}

  /** The channel that sold the order, from returns' own projection of orders; undefined if it never arrived. */
  async orderChannel(orderId: string): Promise<string | undefined> {
    const [row]: Array<{ channel: string }> = await this.tx.manager.query(
      `SELECT channel FROM order_lines WHERE order_id = $1 LIMIT 1`,
      [orderId],
    );
    return row?.channel;
  }

  async factsOf(record: ReturnScope, orderChannel?: string): Promise<ReturnAccessFacts> {
    return {
      // A return exists only for an order returns knows, so the fallback (the starter's channel) is a safety net.
      orderChannel: orderChannel ?? (await this.orderChannel(record.orderId)) ?? record.channel ?? '',
      startedByChannel: record.channel,
      returnLocationId: record.returnLocationId,
      receivedLocationId: record.receivedLocationId,
    };
  }
}
