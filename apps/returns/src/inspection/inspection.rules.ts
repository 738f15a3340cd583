// What an inspection may record, and when a return is fully inspected. Pure, no I/O.
import type { Disposition } from '@omni/contracts';

export interface InspectableLine {
  orderLineId: string;
  receivedQty: number;
  /** Units of the line already given a disposition by earlier inspections. */
  inspectedQty: number;
}

export interface DispositionEntry {
  orderLineId: string;
  disposition: Disposition;
  qty: number;
  toLocationId?: string;
}

export interface InspectionProblem {
  rule: 'return-status' | 'order-line' | 'quantity' | 'destination';
  detail: string;
  orderLineId?: string;
}

/**
 * Checks an inspection of a received return: every unit inspected exactly once at most, and a
 * destination given for (and only for) a transfer, other than where the units already are.
 */
export function inspectionProblem(
  status: string,
  lines: readonly InspectableLine[],
  entries: readonly DispositionEntry[],
  receivedAt: string,
): InspectionProblem | null {
  if (status !== 'received')
    return { rule: 'return-status', detail: `the return is ${status}; only a received return can be inspected` };
  const byLine = new Map(lines.map((l) => [l.orderLineId, l]));
  for (const entry of entries) {
    const { orderLineId } = entry;
    if (!byLine.has(orderLineId))
      return { rule: 'order-line', orderLineId, detail: `the return has no line ${orderLineId}` };
    if (entry.disposition === 'transfer' && !entry.toLocationId) {
      return {
        rule: 'destination',
        orderLineId,
        detail: 'a transfer needs toLocationId, the location the units are sent to',
      };
    }
    if (entry.disposition !== 'transfer' && entry.toLocationId) {
      return {
        rule: 'destination',
        orderLineId,
        detail: `toLocationId is only for a transfer, not for ${entry.disposition}`,
      };
    }
    if (entry.toLocationId === receivedAt) {
      return { rule: 'destination', orderLineId, detail: `the units are already at ${receivedAt}` };
    }
  }
  for (const line of lines) {
    const now = entries.filter((e) => e.orderLineId === line.orderLineId).reduce((sum, e) => sum + e.qty, 0);
    const left = line.receivedQty - line.inspectedQty;
    if (now > left) {
      return {
        rule: 'quantity',
        orderLineId: line.orderLineId,
        detail: `${now} units of ${line.orderLineId} inspected but only ${left} of the ${line.receivedQty} received are left to inspect`,
      };
    }
  }
  return null;
}

/** Every received unit has a disposition: the refund can be decided. */
export function fullyInspected(lines: readonly InspectableLine[]): boolean {
  return lines.every((l) => l.inspectedQty >= l.receivedQty);
}

/** Adds an inspection's entries to what the lines had. */
export function afterInspection(
  lines: readonly InspectableLine[],
  entries: readonly DispositionEntry[],
): InspectableLine[] {
  return lines.map((l) => ({
    ...l,
    inspectedQty:
      l.inspectedQty + entries.filter((e) => e.orderLineId === l.orderLineId).reduce((sum, e) => sum + e.qty, 0),
  }));
}
