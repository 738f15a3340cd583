import { forbiddenProblem } from './access-problems';
import type { Principal } from './principal';

/**
 * Store staff act only on their own locations. Admins act anywhere, and channel clients (web, app)
 * are not tied to a location: what they may call at all is decided by @Roles, not here.
 */
export function mayActOnLocation(principal: Principal, locationId: string): boolean {
  return principal.role !== 'store' || principal.locations.includes(locationId);
}

/** For services that learn the location only after a lookup; throws a 403 problem naming it. */
export function assertLocationAccess(principal: Principal, locationId: string): void {
  if (mayActOnLocation(principal, locationId)) return;
  throw forbiddenProblem(`principal "${principal.sub}" may not act on location "${locationId}"`, { locationId });
}

/** Normalises what a LocationSelector returned into the ids to check. */
export function selectedLocationIds(selected: unknown): string[] {
  const values = Array.isArray(selected) ? selected : [selected];
  return values.flatMap((value) =>
    typeof value === 'string' ? [value] : typeof value === 'number' ? [String(value)] : [],
  );
}
