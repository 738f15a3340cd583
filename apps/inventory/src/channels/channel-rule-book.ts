import { Injectable } from '@nestjs/common';
import { ChannelRulesChanged, type Channel } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import { map, type Observable } from 'rxjs';
import { LiveFeed } from '../live/live-feed';
import { ReplicatedCache } from '../live/replicated-cache';
import { ChannelRuleRecord } from './channel-rule.entity';
import {
  DEFAULT_CHANNEL_RULES,
  defaultChannelRuleStrategy,
  type ChannelRule,
  type ChannelRuleStrategy,
} from './channels.rules';

export interface StoredRule extends ChannelRule {
  updatedAt: string;
}

/** The rule an admin set for each channel, in memory like the locations, and the strategy that evaluates rules. */
@Injectable()
export class ChannelRuleBook extends ReplicatedCache<Channel, StoredRule> {
  readonly strategy: ChannelRuleStrategy = defaultChannelRuleStrategy;

  constructor(
    private readonly tx: TransactionHost,
    private readonly feed: LiveFeed,
  ) {
    super('channel rules');
  }

  protected async load(): Promise<StoredRule[]> {
    return (await this.tx.manager.getRepository(ChannelRuleRecord).find()).map(toStoredRule);
  }

  protected changes(): Observable<StoredRule> {
    return this.feed.of(ChannelRulesChanged).pipe(map((e) => e.data));
  }

  protected keyOf(rule: StoredRule): Channel {
    return rule.channel;
  }

  /** The rule in force: the admin's, else the default. */
  ruleFor(channel: Channel): ChannelRule {
    return this.entry(channel) ?? DEFAULT_CHANNEL_RULES[channel];
  }

  storedRule(channel: Channel): StoredRule | undefined {
    return this.entry(channel);
  }
}

export function toStoredRule(r: ChannelRuleRecord): StoredRule {
  return {
    channel: r.channel,
    sources: r.sources,
    includeLocationIds: r.includeLocationIds,
    excludeLocationIds: r.excludeLocationIds,
    ownLocations: r.ownLocations,
    safetyBuffer: r.safetyBuffer,
    updatedAt: r.updatedAt.toISOString(),
  };
}
