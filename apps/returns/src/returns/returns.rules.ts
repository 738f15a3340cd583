// The life of a return and what its lines hold against their order lines. Pure, no I/O.

export const RETURN_STATUSES = ['authorised', 'received', 'inspected', 'cancelled'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export interface HeldLine {
  status: ReturnStatus;
  authorisedQty: number;
  receivedQty: number | null;
}

/**
 * Units a return line holds against its order line: all authorised units while they are on their
 * way back, only those that arrived once the return was received (the rest are free again), none
 * once it was cancelled.
 */
export function committedQty(line: HeldLine): number {
  if (line.status === 'cancelled') return 0;
  if (line.status === 'authorised') return line.authorisedQty;
  return line.receivedQty ?? 0;
}

export interface AuthorisedLine {
  orderLineId: string;
  authorisedQty: number;
}

export interface ReceivedQty {
  orderLineId: string;
  qty: number;
}

export type ReceiptRule = 'return-status' | 'order-line' | 'quantity';
export type ReceiptPlan =
  { ok: true; lines: ReceivedQty[] } | { ok: false; rule: ReceiptRule; detail: string; orderLineId?: string };

/**
 * What a receipt records per line. Without a count, every authorised unit came back; with one,
 * lines not counted came back empty. Units beyond the authorisation need a new return.
 */
export function planReceipt(
  status: ReturnStatus,
  authorised: readonly AuthorisedLine[],
  counted?: readonly ReceivedQty[],
): ReceiptPlan {
  if (status !== 'authorised')
    return {
      ok: false,
      rule: 'return-status',
      detail: `the return is ${status}; only an authorised return can be received`,
    };
  if (!counted)
    return { ok: true, lines: authorised.map((l) => ({ orderLineId: l.orderLineId, qty: l.authorisedQty })) };
  const byLine = new Map(authorised.map((l) => [l.orderLineId, l.authorisedQty]));
  for (const c of counted) {
    const allowed = byLine.get(c.orderLineId);
    if (allowed === undefined)
      return {
        ok: false,
        rule: 'order-line',
        orderLineId: c.orderLineId,
        detail: `the return has no line ${c.orderLineId}`,
      };
    if (c.qty > allowed) {
      return {
        ok: false,
        rule: 'quantity',
        orderLineId: c.orderLineId,
        detail: `${c.qty} units of ${c.orderLineId} received but ${allowed} were authorised; authorise a new return for the rest`,
      };
    }
  }
  const lines = authorised.map((l) => ({
    orderLineId: l.orderLineId,
    qty: counted.filter((c) => c.orderLineId === l.orderLineId).reduce((sum, c) => sum + c.qty, 0),
  }));
  if (lines.every((l) => l.qty === 0))
    return { ok: false, rule: 'quantity', detail: 'a receipt must count at least one unit' };
  return { ok: true, lines };
}

/** Only a return nothing has come back for yet may be withdrawn. */
export function cancelProblem(status: ReturnStatus): string | null {
  return status === 'authorised' ? null : `the return is ${status}; only an authorised return can be cancelled`;
}
