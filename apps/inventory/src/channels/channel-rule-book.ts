import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ChannelRulesChanged, type Channel } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import type { Subscription } from 'rxjs';
import { LiveFeed } from '../live/live-feed';
import { ChannelRuleRecord } from './channel-rule.entity';
import { DEFAULT_CHANNEL_RULES, defaultChannelRuleStrategy, type ChannelRule, type ChannelRuleStrategy } from './channels.rules';

const RELOAD_EVERY_MS = 30_000;

export interface StoredRule extends ChannelRule {
  updatedAt: string;
}

/**
 * The rule in force for each channel, in memory (see LocationDirectory for why and how it stays
 * current), and the strategy that evaluates rules.
 */
@Injectable()
export class ChannelRuleBook implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ChannelRuleBook.name);
  private stored = new Map<Channel, StoredRule>();
  private timer: NodeJS.Timeout | null = null;
  private events: Subscription | null = null;
  readonly strategy: ChannelRuleStrategy = defaultChannelRuleStrategy;

  constructor(
    private readonly tx: TransactionHost,
    private readonly feed: LiveFeed,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.events = this.feed.of(ChannelRulesChanged).subscribe((e) => this.apply(e.data));
    await this.reload();
    this.timer = setInterval(() => this.reload().catch((error: Error) => this.logger.warn(`reload failed: ${error.message}`)), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.events?.unsubscribe();
  }

  async reload(): Promise<void> {
    const rows = await this.tx.manager.getRepository(ChannelRuleRecord).find();
    this.stored = new Map(rows.map((r) => [r.channel, toStoredRule(r)]));
  }

  apply(rule: StoredRule): void {
    const known = this.stored.get(rule.channel);
    if (known && known.updatedAt > rule.updatedAt) return;
    this.stored.set(rule.channel, rule);
  }

  /** The rule in force: the admin's, else the default. */
  ruleFor(channel: Channel): ChannelRule {
    return this.stored.get(channel) ?? DEFAULT_CHANNEL_RULES[channel];
  }

  storedRule(channel: Channel): StoredRule | undefined {
    return this.stored.get(channel);
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
