import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, Idempotent, Roles, type Principal } from '@omni/platform';
import type { ReturnView } from '../returns/dto/return.dto';
import { ReturnParams } from '../returns/dto/return.dto';
import { RETURN_VIEW } from '../returns/dto/return.api';
import { InspectReturnDto } from './dto/inspect.dto';
import { InspectionService } from './inspection.service';

@ApiTags('returns')
@Controller('v1/returns')
export class InspectionController {
  constructor(private readonly inspection: InspectionService) {}

  /** Store scope is checked against the return's receiving location once it is loaded. */
  @Post(':id/inspect')
  @HttpCode(200)
  @Idempotent()
  @Roles('admin', 'store')
  @ApiRoute({
    summary: 'Inspect received units: restock, damaged, return to vendor or transfer; the refund is decided',
    answers: { 200: RETURN_VIEW },
    problems: [
      PROBLEMS.forbidden,
      PROBLEMS.notFound,
      PROBLEMS.returnState,
      PROBLEMS.returnRefused,
      PROBLEMS.eventContractViolation,
    ],
    requestExample: { lines: [{ orderLineId: 'l-1', disposition: 'restock', qty: 1 }] },
  })
  inspect(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: ReturnParams,
    @Body() body: InspectReturnDto,
  ): Promise<ReturnView> {
    return this.inspection.inspect(principal, id, body.lines);
  }
}
