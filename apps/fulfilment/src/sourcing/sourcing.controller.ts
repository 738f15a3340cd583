import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, Roles, type Principal } from '@omni/platform';
import { DRY_RUN_PLAN, SOURCING_HISTORY } from './dto/sourcing.api';
import { DryRunDto, OrderIdParams, type SourcingHistoryView } from './dto/sourcing.dto';
import { SourcingService } from './sourcing.service';

@ApiTags('sourcing')
@Controller('v1')
export class SourcingController {
  constructor(private readonly sourcing: SourcingService) {}

  /** Every sourcing round of an order with its candidates, scores and reasons, and where each line stands (channel clients: their own channel's orders). */
  @Get('orders/:orderId/sourcing')
  @Roles('admin', 'channel')
  @ApiRoute({
    summary: "An order's sourcing rounds: candidates, scores, reasons, and where each line stands",
    answers: { 200: SOURCING_HISTORY },
    problems: [PROBLEMS.notFound, PROBLEMS.orderUnknown],
  })
  history(@CurrentPrincipal() principal: Principal, @Param() { orderId }: OrderIdParams): Promise<SourcingHistoryView> {
    return this.sourcing.history(orderId, principal);
  }

  /** Where would these lines go now? Same strategy and projections as a placed order; nothing is written. */
  @Post('sourcing/dry-run')
  @HttpCode(200)
  @Roles('admin', 'channel')
  @ApiRoute({
    summary: 'Where would these lines be sourced now? Nothing is written',
    answers: { 200: DRY_RUN_PLAN },
    requestExample: { lines: [{ sku: 'SKU-0001', qty: 1, delivery: { type: 'pickup', locationId: 's-001' } }] },
  })
  dryRun(@Body() body: DryRunDto) {
    return this.sourcing.dryRun(body, new Date());
  }
}
