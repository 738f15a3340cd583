import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, Roles } from '@omni/platform';
import { ChannelsService } from './channels.service';
import { CHANNEL_RULE_VIEW } from './dto/channel-rule.api';
import { ChannelParams, PutChannelRuleDto, type ChannelRuleView } from './dto/channel-rule.dto';

@ApiTags('channels')
@Controller('v1/channels/:channel/rules')
@Roles('admin')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Put()
  @ApiRoute({
    summary: 'Set which locations feed a channel, and its safety buffer',
    answers: { 200: CHANNEL_RULE_VIEW },
    problems: [PROBLEMS.eventContractViolation],
    requestExample: {
      sources: [{ type: 'dc' }, { type: 'store', capability: 'ship_from_store' }],
      excludeLocationIds: ['s-009'],
      safetyBuffer: 1,
    },
  })
  put(@Param() { channel }: ChannelParams, @Body() body: PutChannelRuleDto): Promise<ChannelRuleView> {
    return this.channels.put(channel, body);
  }

  /** The rule in force, as this replica knows it (the default until an admin sets one). */
  @Get()
  @ApiRoute({ summary: 'The channel rule in force', answers: { 200: CHANNEL_RULE_VIEW } })
  get(@Param() { channel }: ChannelParams): ChannelRuleView {
    return this.channels.get(channel);
  }
}
