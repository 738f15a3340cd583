import { CHANNELS, LOCATION_CAPABILITIES, LOCATION_TYPES } from '@omni/contracts';
import { api } from '@omni/platform';
import type { ChannelSource } from '../channels.rules';
import type { ChannelRuleView } from './channel-rule.dto';

export const CHANNEL_RULE_VIEW = api.component(
  'ChannelRule',
  api.objectOf<ChannelRuleView>({
    channel: api.oneOfValues(CHANNELS),
    sources: api.arrayOf(
      api.objectOf<ChannelSource>({
        type: api.oneOfValues(LOCATION_TYPES),
        capability: api.optional(api.oneOfValues(LOCATION_CAPABILITIES)),
      }),
    ),
    includeLocationIds: api.arrayOf(api.string()),
    excludeLocationIds: api.arrayOf(api.string()),
    ownLocations: api.boolean(),
    safetyBuffer: api.integer(),
    isDefault: api.boolean({ description: 'True while no admin has set a rule for the channel.' }),
    updatedAt: api.nullable(api.dateTime()),
  }),
);
