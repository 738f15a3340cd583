import type { Channel } from '@omni/contracts';
import { forbiddenProblem, type Principal } from '@omni/platform';

/**
 * The channel a caller acts for: a channel client only for its own channel, store staff for the
 * POS (or the channel on their token), an admin for any (web unless it says).
 */
export function channelFor(principal: Principal, requested: Channel | undefined): Channel {
  const own: Channel | undefined =
    principal.role === 'admin' ? undefined : (principal.channel ?? (principal.role === 'store' ? 'pos' : undefined));
  if (principal.role !== 'admin' && !own) {
    throw forbiddenProblem(`principal "${principal.sub}" has no channel`);
  }
  if (requested && own && requested !== own) {
    throw forbiddenProblem(`principal "${principal.sub}" may not act for channel "${requested}"`, {
      channel: requested,
    });
  }
  return requested ?? own ?? 'web';
}

/** Locations whose stock the caller sees as its own (a POS's store). */
export function ownLocationsOf(principal: Principal): string[] {
  return principal.role === 'store' ? principal.locations : [];
}
