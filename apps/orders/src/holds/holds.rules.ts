import type { HoldStatus } from './known-hold.entity';

/** Why an order may not carry a hold: answers from what orders knows of it, each final. */
export type HoldRefusal = 'not-yours' | 'released' | 'expired' | 'used';

/** A hold orders has not heard of: not a refusal, only "not yet" (inventory's event may still be on its way). */
export const NOT_YET = 'not-yet';
export type HoldVerdict = HoldRefusal | typeof NOT_YET | undefined;

export interface HoldFacts {
  principal: string;
  status: HoldStatus;
  expiresAt: Date;
  orderId: string | null;
}

/**
 * A hold may be carried by one order of the principal that took it, while it is active. Its
 * expiry time counts even before inventory's hold-expired event reaches us. A hold orders does
 * not know is `not-yet`, never `not-yours`: "not yours" is said only of a hold known to be another's.
 */
export function holdVerdict(hold: HoldFacts | undefined, principal: string, now: Date): HoldVerdict {
  if (!hold) return NOT_YET;
  if (hold.principal !== principal) return 'not-yours';
  if (hold.orderId !== null || hold.status === 'converted') return 'used';
  if (hold.status === 'released') return 'released';
  if (hold.status === 'expired' || hold.expiresAt.getTime() <= now.getTime()) return 'expired';
  return undefined;
}

const DETAIL: Record<HoldRefusal, (holdId: string) => string> = {
  'not-yours': (id) => `hold ${id} is a hold of another principal`,
  released: (id) => `hold ${id} has been released`,
  expired: (id) => `hold ${id} has expired`,
  used: (id) => `hold ${id} has already been used by another order`,
};

export function holdRefusalDetail(refusal: HoldRefusal, holdId: string): string {
  return DETAIL[refusal](holdId);
}

export const holdNotYetDetail = (holdId: string): string =>
  `hold ${holdId} has not reached orders yet: the order is placed as soon as it does`;

export const holdNeverArrivedDetail = (holdId: string): string =>
  `hold ${holdId} never reached orders: inventory has no such hold`;
