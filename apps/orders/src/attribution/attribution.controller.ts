import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, LocationScoped, Roles, type HttpRequest, type Principal } from '@omni/platform';
import { AttributionService, type AttributionReport } from './attribution.service';
import { AttributionQuery } from './dto/attribution.query';

@ApiTags('reports')
@Controller('v1/reports')
export class AttributionController {
  constructor(private readonly attribution: AttributionService) {}

  @Get('attribution')
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.query.locationId)
  report(@CurrentPrincipal() principal: Principal, @Query() query: AttributionQuery): Promise<AttributionReport> {
    return this.attribution.report(principal, query);
  }
}
