import { IsResourceId, type Channel } from '@omni/contracts';
import { ApiSchema } from '@omni/platform';
import type { NotReturnableReason } from '../../policy/policy.rules';

export class FindReturnableQuery {
  @ApiSchema({
    description:
      'The order id, its first 8 characters or more (the number staff read out; any case), or the channel’s reference (`externalRef`, any case).',
  })
  @IsResourceId()
  number: string;
}

/** One order line as the returns desk sees it: what was sold, what reached the customer, what may come back. */
export interface ReturnableLineView {
  orderLineId: string;
  lineNo: number;
  sku: string;
  qty: number;
  fulfilledQty: number;
  returnedQty: number;
  returnableQty: number;
  unitPriceMinor: number;
  currency: string;
  windowClosesAt: string | null;
  returnable: boolean;
  notReturnable: { reason: NotReturnableReason; detail: string } | null;
}

/** What a returns desk needs of an order, and nothing more: no customer, address or pickup code. */
export interface ReturnableOrderView {
  orderId: string;
  externalRef: string | null;
  channel: Channel;
  placedAt: string;
  lines: ReturnableLineView[];
}
