import { Injectable } from '@nestjs/common';
import type { Channel } from '@omni/contracts';
import type { Principal } from '@omni/platform';
import type { LocationView } from '../locations/dto/location.dto';
import { LocationDirectory } from '../locations/location-directory';
import { ChannelRuleBook } from './channel-rule-book';
import { ownLocationsOf } from './channel-access';
import { feedingLocations, type ChannelRule } from './channels.rules';

/** The locations whose stock counts for a channel and caller: shared by every request with the same key, read-only. */
export interface ChannelFeed {
  rule: ChannelRule;
  /** The caller's own locations (a POS's store). */
  own: readonly string[];
  feeding: ReadonlyMap<string, LocationView>;
  /** The feeding location ids, as the read model's cached totals are keyed. */
  feedKey: string;
  version: number;
}

/** Distinct (channel, own locations) feeds kept; one per store at most, so far more than a deployment has. */
const MAX_FEEDS = 10_000;

/**
 * Which locations feed a channel for a caller, worked out once per rule, location directory version
 * and own locations rather than per request: a hold or a batch read is otherwise a filter over every
 * location plus a Map and a key built again each time.
 */
@Injectable()
export class ChannelFeeds {
  private readonly feeds = new Map<string, ChannelFeed>();

  constructor(
    private readonly locations: LocationDirectory,
    private readonly rules: ChannelRuleBook,
  ) {}

  of(principal: Principal, channel: Channel): ChannelFeed {
    const rule = this.rules.ruleFor(channel);
    const own = ownLocationsOf(principal);
    const key = `${channel}|${own.join(',')}`;
    const version = this.locations.version;
    let feed = this.feeds.get(key);
    if (!feed || feed.rule !== rule || feed.version !== version) {
      const feeding = new Map(
        feedingLocations(rule, this.locations.all(), own, this.rules.strategy).map((l) => [l.id, l]),
      );
      feed = { rule, own, version, feeding, feedKey: [...feeding.keys()].join(',') };
      if (this.feeds.size >= MAX_FEEDS) this.feeds.clear();
      this.feeds.set(key, feed);
    }
    return feed;
  }
}
