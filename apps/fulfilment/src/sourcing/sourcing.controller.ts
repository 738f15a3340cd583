import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@omni/platform';
import { DryRunDto, OrderIdParams, type SourcingHistoryView } from './dto/sourcing.dto';
import { SourcingService } from './sourcing.service';

@ApiTags('sourcing')
@Controller('v1')
export class SourcingController {
  constructor(private readonly sourcing: SourcingService) {}

  /** Every sourcing round of an order with its candidates, scores and reasons, and where each line stands (channel clients: their own channel's orders). */
  @Get('orders/:orderId/sourcing')
  @Roles('admin', 'channel')
  history(@CurrentPrincipal() principal: Principal, @Param() { orderId }: OrderIdParams): Promise<SourcingHistoryView> {
    return this.sourcing.history(orderId, principal);
  }

  /** Where would these lines go now? Same strategy and projections as a placed order; nothing is written. */
  @Post('sourcing/dry-run')
  @HttpCode(200)
  @Roles('admin', 'channel')
  dryRun(@Body() body: DryRunDto) {
    return this.sourcing.dryRun(body, new Date());
  }
}
