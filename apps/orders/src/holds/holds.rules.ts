import type { HoldStatus } from './known-hold.entity';

/** Why an order may not carry a hold; `not-yours` also covers a hold this service has not heard of. */
export type HoldRefusal = 'not-yours' | 'released' | 'expired' | 'used';

export interface HoldFacts {
  principal: string;
  status: HoldStatus;
  expiresAt: Date;
  orderId: string | null;
}

/**
 * A hold may be carried by one order of the principal that took it, while it is active. Its
 * expiry time counts even before inventory's hold-expired event reaches us.
 */
export function holdRefusal(hold: HoldFacts | undefined, principal: string, now: Date): HoldRefusal | undefined {
  if (!hold || hold.principal !== principal) return 'not-yours';
  if (hold.orderId !== null || hold.status === 'converted') return 'used';
  if (hold.status === 'released') return 'released';
  if (hold.status === 'expired' || hold.expiresAt.getTime() <= now.getTime()) return 'expired';
  return undefined;
}

const DETAIL: Record<HoldRefusal, (holdId: string) => string> = {
  'not-yours': (id) => `hold ${id} is not known as a hold of yours (a hold taken a moment ago may not have reached orders yet: retry shortly)`,
  released: (id) => `hold ${id} has been released`,
  expired: (id) => `hold ${id} has expired`,
  used: (id) => `hold ${id} has already been used by another order`,
};

export function holdRefusalDetail(refusal: HoldRefusal, holdId: string): string {
  return DETAIL[refusal](holdId);
}
