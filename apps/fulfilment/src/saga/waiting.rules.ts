// When a sourcing round may not decide yet, and what inventory said when it refused a line.
import type { AllocationRejectedV1 } from '@omni/contracts';
import type { WaitingLineState } from './order-lines.store';

export const VIEW_CATCHING_UP =
  "fulfilment is still reading inventory's changelogs: the line is sourced once its view has caught up";

export const storeNotKnownYet = (locationId: string) =>
  `pickup store ${locationId} is not known to fulfilment yet: the line is sourced once the store's location arrives`;

export function waitingForTheView(lines: ReadonlyArray<{ orderLineId: string }>): WaitingLineState[] {
  return lines.map((l) => ({ orderLineId: l.orderLineId, waitingFor: null, reason: VIEW_CATCHING_UP }));
}

export function waitingForTheStore(
  lines: ReadonlyArray<{ orderLineId: string; locationId: string }>,
): WaitingLineState[] {
  return lines.map((l) => ({
    orderLineId: l.orderLineId,
    waitingFor: l.locationId,
    reason: storeNotKnownYet(l.locationId),
  }));
}

/** Per line inventory was short on, where and how many it had sellable: the next round's reasons quote it. */
export function shortAtOf(
  rejected: AllocationRejectedV1 | undefined,
): Map<string, { locationId: string; available: number }> {
  if (!rejected || rejected.reason !== 'insufficient-stock') return new Map();
  return new Map(
    rejected.lines
      .filter((l) => l.shortfall > 0)
      .map((l) => [l.orderLineId, { locationId: l.locationId, available: l.available }]),
  );
}
