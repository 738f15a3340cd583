// Which pickup codes an order view shows: pure, no Nest, no I/O.
import { mayReadPickupCode, type Principal } from '@omni/platform';

export interface PickupCodeView {
  fulfilmentOrderId: string;
  locationId: string;
  /** The 6-digit code the customer shows at the counter. */
  code: string;
  expiresAt: string;
  /** The order's lines waiting at that counter under this code. */
  lineIds: string[];
}

export interface StoredCode {
  fulfilmentOrderId: string;
  locationId: string;
  code: string;
  expiresAt: Date;
}

export interface ViewedLine {
  id: string;
  status: string;
  fulfilment: { fulfilmentOrderId: string } | null;
}

/**
 * The codes of the order's open pickups, for the order's own channel client only (mayReadPickupCode);
 * undefined for anyone else, so the field is absent rather than empty. A pickup is open while some line
 * of its fulfilment order is ready for pickup and its window has not closed: once handed over, cancelled
 * or expired its code is worth nothing, and is no longer shown.
 */
export function visiblePickupCodes(
  principal: Principal,
  order: { channel: string; lines: readonly ViewedLine[] },
  codes: readonly StoredCode[],
  now: Date,
): PickupCodeView[] | undefined {
  if (!mayReadPickupCode(principal, order)) return undefined;
  return codes
    .filter((c) => c.expiresAt > now)
    .map((c) => ({
      fulfilmentOrderId: c.fulfilmentOrderId,
      locationId: c.locationId,
      code: c.code,
      expiresAt: c.expiresAt.toISOString(),
      lineIds: order.lines
        .filter((l) => l.status === 'ready_for_pickup' && l.fulfilment?.fulfilmentOrderId === c.fulfilmentOrderId)
        .map((l) => l.id),
    }))
    .filter((view) => view.lineIds.length > 0);
}

/** The view with `pickups` added when the caller is the order's channel client; the view unchanged for anyone else. */
export function revealPickupCodes<V extends { channel: string; lines: readonly ViewedLine[] }>(
  principal: Principal,
  view: V,
  codes: readonly StoredCode[],
  now: Date,
): V & { pickups?: PickupCodeView[] } {
  const pickups = visiblePickupCodes(principal, view, codes, now);
  return pickups ? { ...view, pickups } : view;
}
