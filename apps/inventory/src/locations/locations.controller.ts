import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { api, ApiRoute, Roles, type HttpReply } from '@omni/platform';
import { ListLocationsQuery, LocationIdParams, PutLocationDto, type LocationView } from './dto/location.dto';
import { LOCATION_EXAMPLE, LOCATION_VIEW } from './dto/location.api';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Put(':id')
  @Roles('admin')
  @ApiRoute({
    summary: 'Create or replace a location',
    answers: {
      200: { schema: LOCATION_VIEW, description: 'Replaced' },
      201: { schema: LOCATION_VIEW, description: 'Created', example: LOCATION_EXAMPLE },
    },
    problems: [PROBLEMS.eventContractViolation],
    requestExample: (({ id: _id, updatedAt: _at, ...body }) => body)(LOCATION_EXAMPLE),
  })
  async put(
    @Param() { id }: LocationIdParams,
    @Body() body: PutLocationDto,
    @Res({ passthrough: true }) res: HttpReply,
  ): Promise<LocationView> {
    const { location, created } = await this.locations.put(id, body);
    res.statusCode = created ? 201 : 200;
    return location;
  }

  @Get()
  @ApiRoute({
    summary: 'List locations, optionally of one type or capability',
    answers: { 200: api.arrayOf(LOCATION_VIEW) },
  })
  list(@Query() query: ListLocationsQuery): Promise<LocationView[]> {
    return this.locations.list(query);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'Read a location',
    answers: { 200: { schema: LOCATION_VIEW, example: LOCATION_EXAMPLE } },
    problems: [PROBLEMS.notFound],
  })
  get(@Param() { id }: LocationIdParams): Promise<LocationView> {
    return this.locations.get(id);
  }
}
