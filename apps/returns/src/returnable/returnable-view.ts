// An order as the returns desk sees it, from returns' own facts. Pure, no I/O.
import type { SoldLine } from '../orders-projection/orders-projection.service';
import { returnabilityOf, type LineFacts, type SkuRule } from '../policy/policy.rules';
import type { ReturnableOrderView } from './dto/returnable.dto';

export function returnableView(
  sold: readonly SoldLine[],
  facts: ReadonlyMap<string, LineFacts>,
  ruleOf: (sku: string) => SkuRule,
  now: Date,
): ReturnableOrderView {
  const [{ line: first }] = sold;
  return {
    orderId: first.orderId,
    externalRef: first.externalRef,
    channel: first.channel,
    placedAt: first.placedAt.toISOString(),
    lines: sold.map(({ line }) => {
      const known = facts.get(line.orderLineId) ?? fail(`no facts for line ${line.orderLineId}`);
      const { returnableQty, windowClosesAt, notReturnable } = returnabilityOf(known, ruleOf(line.sku), now);
      return {
        orderLineId: line.orderLineId,
        lineNo: line.lineNo,
        sku: line.sku,
        qty: line.qty,
        fulfilledQty: known.fulfilled,
        returnedQty: known.committed,
        returnableQty,
        unitPriceMinor: line.unitPriceMinor,
        currency: line.currency,
        windowClosesAt: windowClosesAt?.toISOString() ?? null,
        returnable: returnableQty > 0,
        notReturnable,
      };
    }),
  };
}

function fail(message: string): never {
  throw new Error(message);
}
