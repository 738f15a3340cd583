// Who may do what with a stored resource: pure predicates, no Nest, no I/O (README "Who may do what").
// Services load the resource, then ask here; a caller that may not read it gets the same 404 as for a
// missing one (accessProblems.notFound), a caller that may read it but not do this, a 403.
import type { Principal } from './principal';

/**
 * The principal's identity: role, channel, sorted locations and subject, each part URI-encoded so no
 * two principals share a key. Two stores sharing a subject (a shared POS login) are still two owners.
 */
export function principalKey({ role, channel, locations, sub }: Principal): string {
  const sortedLocations = [...new Set(locations)].sort().map(encodeURIComponent).join(',');
  return [encodeURIComponent(role), encodeURIComponent(channel ?? ''), sortedLocations, encodeURIComponent(sub)].join(
    '/',
  );
}

const holdsAnyOf = (principal: Principal, locationIds: ReadonlyArray<string | null | undefined>): boolean =>
  principal.role === 'store' && locationIds.some((id) => !!id && principal.locations.includes(id));

/** A hold is its owner's (by identity, never by subject alone), and any admin's. */
export function mayActOnHold(principal: Principal, ownerKey: string): boolean {
  return principal.role === 'admin' || ownerKey === principalKey(principal);
}

export interface OrderAccessFacts {
  channel: string;
  /** Pickup, fulfilment, assisting and selling locations. */
  locationIds: readonly string[];
}

/** Admins every order, a channel its own channel's, a store those involving one of its locations. Read and act alike. */
export function mayActOnOrder(principal: Principal, order: OrderAccessFacts): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'channel') return principal.channel !== undefined && principal.channel === order.channel;
  return holdsAnyOf(principal, order.locationIds);
}

/**
 * The pickup code is the customer's key to the goods: only the order's own channel client gets it (to pass
 * it on), never a store (the counter checks it, so it must not know it), another channel, or an admin
 * (an operator asks fulfilment for a new code, which goes to the channel: POST /v1/tasks/{id}/reissue-code).
 */
export function mayReadPickupCode(principal: Principal, order: { channel: string }): boolean {
  return principal.role === 'channel' && principal.channel !== undefined && principal.channel === order.channel;
}

/**
 * A webhook subscription is its channel's, as that channel's orders are: any client of the channel
 * (whoever the subject: the channel's backend may rotate its credentials) and admins.
 */
export function mayActOnWebhookSubscription(principal: Principal, subscription: { channel: string }): boolean {
  if (principal.role === 'admin') return true;
  return principal.role === 'channel' && principal.channel !== undefined && principal.channel === subscription.channel;
}

/** A fulfilment task is its location's: that store's staff and admins. */
export function mayActOnTask(principal: Principal, task: { locationId: string }): boolean {
  return principal.role === 'admin' || holdsAnyOf(principal, [task.locationId]);
}

/** Which of an order's tasks a principal sees: `all` (admins, the order's channel), those at its locations (a store), or none. */
export type OrderTasksScope = { all: true } | { locationIds: readonly string[] } | null;

/** A channel sees its own orders' tasks, a store only its own locations' (whatever the order), admins all. */
export function orderTasksScope(principal: Principal, orderChannel: string): OrderTasksScope {
  if (principal.role === 'admin') return { all: true };
  if (principal.role === 'channel')
    return principal.channel !== undefined && principal.channel === orderChannel ? { all: true } : null;
  return principal.locations.length ? { locationIds: [...principal.locations] } : null;
}

/**
 * A channel may start a return only of its own orders; a store (the returns desk) of any order, whichever
 * channel sold it and wherever it was fulfilled (customers return online purchases in any store); admins any.
 * Whoever may start one may also read what of the order may come back (returns' GET /v1/orders/{id}/returnable).
 */
export function mayStartReturnOf(principal: Principal, orderChannel: string): boolean {
  return principal.role !== 'channel' || (principal.channel !== undefined && principal.channel === orderChannel);
}

export interface ReturnAccessFacts {
  /** The returned order's channel. */
  orderChannel: string;
  /** The channel of whoever started the return (null for an admin). */
  startedByChannel: string | null;
  /** Where the items are to come back (the walk-in store, or the store or DC named at authorisation). */
  returnLocationId: string;
  receivedLocationId: string | null;
}

/** The order's channel, the stores it comes back to or was received at, and admins. */
export function mayReadReturn(principal: Principal, r: ReturnAccessFacts): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'channel') return principal.channel !== undefined && principal.channel === r.orderChannel;
  return holdsAnyOf(principal, [r.returnLocationId, r.receivedLocationId]);
}

/** Withdrawn by the order's channel when that channel started it, by the store it is coming back to, or an admin. */
export function mayCancelReturn(principal: Principal, r: ReturnAccessFacts): boolean {
  if (principal.role === 'admin') return true;
  if (principal.role === 'channel') return mayReadReturn(principal, r) && r.startedByChannel === principal.channel;
  return holdsAnyOf(principal, [r.returnLocationId]);
}

/** Booked in only where it was to come back, by that location's staff or an admin. */
export function mayReceiveReturn(principal: Principal, r: ReturnAccessFacts, atLocationId: string): boolean {
  if (atLocationId !== r.returnLocationId) return false;
  return principal.role === 'admin' || holdsAnyOf(principal, [atLocationId]);
}

/** Inspected where the units are: the receiving store's staff or an admin. */
export function mayInspectReturn(principal: Principal, r: ReturnAccessFacts): boolean {
  return principal.role === 'admin' || holdsAnyOf(principal, [r.receivedLocationId]);
}

/** How a customer's one history may be read: `audited` reads are logged with the store and the customer. */
export type HistoryAccess = 'allowed' | 'audited' | 'denied';

/**
 * Admins any; a channel only its own customers' (at least one order in that channel), and then the
 * whole cross-channel history; a store any (the returns desk serves any channel's order), audited.
 */
export function customerHistoryAccess(principal: Principal, channelsOfCustomer: readonly string[]): HistoryAccess {
  if (principal.role === 'admin') return 'allowed';
  if (principal.role === 'store') return 'audited';
  return principal.channel !== undefined && channelsOfCustomer.includes(principal.channel) ? 'allowed' : 'denied';
}
