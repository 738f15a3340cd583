import type { LocationCapability } from '@omni/contracts';

export interface PickupLocationFacts {
  capabilities: readonly LocationCapability[];
  active: boolean;
}

export type PickupRefusal = 'unknown' | 'inactive' | 'no-bopis';

/**
 * A pickup needs a location inventory has announced, open, and offering click-and-collect. `unknown`
 * means orders has not heard of it (yet): the caller decides whether that is "not yet" or final.
 */
export function pickupRefusal(location: PickupLocationFacts | undefined): PickupRefusal | undefined {
  if (!location) return 'unknown';
  if (!location.active) return 'inactive';
  if (!location.capabilities.includes('bopis')) return 'no-bopis';
  return undefined;
}

const DETAIL: Record<PickupRefusal, (id: string) => string> = {
  unknown: (id) => `location ${id} is not a known location`,
  inactive: (id) => `location ${id} is not active`,
  'no-bopis': (id) => `location ${id} does not offer pickup (BOPIS)`,
};

export function pickupRefusalDetail(refusal: PickupRefusal, locationId: string): string {
  return DETAIL[refusal](locationId);
}

export const pickupNotYetDetail = (locationId: string): string =>
  `location ${locationId} has not reached orders yet: the order is placed as soon as it does`;
