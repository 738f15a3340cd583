import type { LocationCapability } from '@omni/contracts';

export interface PickupLocationFacts {
  capabilities: readonly LocationCapability[];
  active: boolean;
}

export type PickupRefusal = 'unknown' | 'inactive' | 'no-bopis';

/** A pickup needs a location inventory has announced, open, and offering click-and-collect. */
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

/** Announcements may be redelivered or overtaken: only a newer one replaces what we know. */
export function isNewer(incoming: Date, known: Date | undefined): boolean {
  return known === undefined || incoming.getTime() > known.getTime();
}
