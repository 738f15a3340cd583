import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@omni/platform';
import { SkuParams } from '../stock/dto/stock.dto';
import { AvailabilityService } from './availability.service';
import { AvailabilityQueryDto, ChannelQuery, NearbyQuery } from './dto/availability.dto';

@ApiTags('availability')
@Controller('v1/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** A channel's network figure for many SKUs at once (carts, listing pages). */
  @Post('query')
  @HttpCode(200)
  query(@CurrentPrincipal() principal: Principal, @Body() body: AvailabilityQueryDto) {
    return this.availability.forSkus(principal, body.skus, body.channel);
  }

  @Get(':sku/nearby')
  nearby(@Param() { sku }: SkuParams, @Query() query: NearbyQuery) {
    return this.availability.nearby(sku, query);
  }

  @Get(':sku')
  forSku(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams, @Query() { channel }: ChannelQuery) {
    return this.availability.forSku(principal, sku, channel);
  }
}
