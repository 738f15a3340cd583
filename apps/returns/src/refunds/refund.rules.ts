// What the customer gets back for a return. Pure, no I/O; money in integer minor units.
import { MAX_FEE_BPS } from '../policy/policy.rules';

export interface RefundableLine {
  orderLineId: string;
  unitPriceMinor: number;
  /** Units that came back. */
  qty: number;
  /** The restocking fee rate fixed when the return was authorised. */
  feeBps: number;
}

export interface LineRefund {
  orderLineId: string;
  qty: number;
  grossMinor: number;
  feeMinor: number;
  amountMinor: number;
}

/** The price paid for the units that came back, less the fee; the fee is rounded down, in the customer's favour. */
export function lineRefund(line: RefundableLine): LineRefund {
  if (line.feeBps < 0 || line.feeBps > MAX_FEE_BPS)
    throw new RangeError(`fee rate ${line.feeBps} bps is outside 0..${MAX_FEE_BPS}`);
  const grossMinor = line.unitPriceMinor * line.qty;
  const feeMinor = Math.floor((grossMinor * line.feeBps) / MAX_FEE_BPS);
  return { orderLineId: line.orderLineId, qty: line.qty, grossMinor, feeMinor, amountMinor: grossMinor - feeMinor };
}

/** One refund for a return: lines that brought nothing back are left out. */
export function decideRefund(lines: readonly RefundableLine[]): { lines: LineRefund[]; totalMinor: number } {
  const refunds = lines.filter((l) => l.qty > 0).map(lineRefund);
  return { lines: refunds, totalMinor: refunds.reduce((sum, r) => sum + r.amountMinor, 0) };
}
