import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '@omni/platform';
import { ChannelsService } from './channels.service';
import { ChannelParams, PutChannelRuleDto, type ChannelRuleView } from './dto/channel-rule.dto';

@ApiTags('channels')
@Controller('v1/channels/:channel/rules')
@Roles('admin')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Put()
  put(@Param() { channel }: ChannelParams, @Body() body: PutChannelRuleDto): Promise<ChannelRuleView> {
    return this.channels.put(channel, body);
  }

  /** The rule in force, as this replica knows it (the default until an admin sets one). */
  @Get()
  get(@Param() { channel }: ChannelParams): ChannelRuleView {
    return this.channels.get(channel);
  }
}
