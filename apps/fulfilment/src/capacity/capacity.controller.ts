import { Body, Controller, Get, Param, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { LocationScoped, Roles, type HttpRequest, type HttpReply } from '@omni/platform';
import { CapacityService } from './capacity.service';
import { LocationIdParams, PutCapacityDto, type CapacityView } from './dto/capacity.dto';

@ApiTags('capacity')
@Controller('v1/locations/:id/capacity')
export class CapacityController {
  constructor(private readonly capacity: CapacityService) {}

  @Put()
  @Roles('admin')
  async put(@Param() { id }: LocationIdParams, @Body() body: PutCapacityDto, @Res({ passthrough: true }) res: HttpReply): Promise<CapacityView> {
    const { view, created } = await this.capacity.put(id, body, new Date());
    res.statusCode = created ? 201 : 200;
    return view;
  }

  @Get()
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.params.id)
  get(@Param() { id }: LocationIdParams): Promise<CapacityView> {
    return this.capacity.view(id, new Date());
  }
}
