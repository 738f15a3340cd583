import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute, CurrentPrincipal, LocationScoped, Roles, type HttpRequest, type Principal } from '@omni/platform';
import { AttributionService, type AttributionReport } from './attribution.service';
import { ATTRIBUTION_REPORT } from './dto/attribution.api';
import { AttributionQuery } from './dto/attribution.query';

@ApiTags('reports')
@Controller('v1/reports')
export class AttributionController {
  constructor(private readonly attribution: AttributionService) {}

  @Get('attribution')
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.query.locationId)
  @ApiRoute({
    summary: 'Sales credited to store associates and stores over a period (at most 366 days)',
    answers: { 200: ATTRIBUTION_REPORT },
  })
  report(@CurrentPrincipal() principal: Principal, @Query() query: AttributionQuery): Promise<AttributionReport> {
    return this.attribution.report(principal, query);
  }
}
