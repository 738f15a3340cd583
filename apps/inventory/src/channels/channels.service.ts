import { Injectable } from '@nestjs/common';
import { ChannelRulesChanged, type Channel } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost } from '@omni/platform';
import { ChannelRuleRecord } from './channel-rule.entity';
import { ChannelRuleBook, toStoredRule } from './channel-rule-book';
import type { ChannelRuleView, PutChannelRuleDto } from './dto/channel-rule.dto';

@Injectable()
export class ChannelsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly book: ChannelRuleBook,
  ) {}

  put(channel: Channel, dto: PutChannelRuleDto): Promise<ChannelRuleView> {
    return this.tx.run(async (m) => {
      await queryRows(
        m,
        `INSERT INTO channel_rules (channel, sources, include_location_ids, exclude_location_ids, own_locations, safety_buffer, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, clock_timestamp())
         ON CONFLICT (channel) DO UPDATE SET sources = EXCLUDED.sources, include_location_ids = EXCLUDED.include_location_ids,
           exclude_location_ids = EXCLUDED.exclude_location_ids, own_locations = EXCLUDED.own_locations,
           safety_buffer = EXCLUDED.safety_buffer, updated_at = EXCLUDED.updated_at`,
        [
          channel,
          JSON.stringify(dto.sources.map(({ type, capability }) => (capability ? { type, capability } : { type }))),
          dto.includeLocationIds ?? [],
          dto.excludeLocationIds ?? [],
          dto.ownLocations ?? false,
          dto.safetyBuffer,
        ],
      );
      const rule = toStoredRule(await m.getRepository(ChannelRuleRecord).findOneByOrFail({ channel }));
      this.events.publish(ChannelRulesChanged, channel, rule);
      this.tx.afterCommit(() => this.book.apply(rule));
      return { ...rule, isDefault: false };
    });
  }

  get(channel: Channel): ChannelRuleView {
    const stored = this.book.storedRule(channel);
    return stored
      ? { ...stored, isDefault: false }
      : { ...this.book.ruleFor(channel), isDefault: true, updatedAt: null };
  }
}
