import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles, type HttpReply } from '@omni/platform';
import { ListLocationsQuery, LocationIdParams, PutLocationDto, type LocationView } from './dto/location.dto';
import { LocationsService } from './locations.service';

@ApiTags('locations')
@Controller('v1/locations')
export class LocationsController {
  constructor(private readonly locations: LocationsService) {}

  @Put(':id')
  @Roles('admin')
  async put(@Param() { id }: LocationIdParams, @Body() body: PutLocationDto, @Res({ passthrough: true }) res: HttpReply): Promise<LocationView> {
    const { location, created } = await this.locations.put(id, body);
    res.statusCode = created ? 201 : 200;
    return location;
  }

  @Get()
  list(@Query() query: ListLocationsQuery): Promise<LocationView[]> {
    return this.locations.list(query);
  }

  @Get(':id')
  get(@Param() { id }: LocationIdParams): Promise<LocationView> {
    return this.locations.get(id);
  }
}
