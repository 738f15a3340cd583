import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRoute, LocationScoped, Roles, type HttpRequest, type HttpReply } from '@omni/platform';
import { CapacityService } from './capacity.service';
import { CAPACITY_VIEW } from './dto/capacity.api';
import { LocationIdParams, PutCapacityDto, type CapacityView } from './dto/capacity.dto';

@ApiTags('capacity')
@Controller('v1/locations/:id/capacity')
export class CapacityController {
  constructor(private readonly capacity: CapacityService) {}

  @Put()
  @Roles('admin')
  @ApiRoute({
    summary: "Set a location's daily order limit and same-day cut-off",
    answers: {
      200: { schema: CAPACITY_VIEW, description: 'Replaced' },
      201: { schema: CAPACITY_VIEW, description: 'Created' },
    },
    requestExample: { dailyOrderLimit: 40, sameDayCutoff: '15:00' },
  })
  async put(
    @Param() { id }: LocationIdParams,
    @Body() body: PutCapacityDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<CapacityView> {
    const { view, created } = await this.capacity.put(id, body, new Date());
    res.statusCode = created ? 201 : 200;
    return view;
  }

  @Get()
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.params.id)
  @ApiRoute({ summary: "A location's capacity and what it has used today", answers: { 200: CAPACITY_VIEW } })
  get(@Param() { id }: LocationIdParams): Promise<CapacityView> {
    return this.capacity.view(id, new Date());
  }
}
