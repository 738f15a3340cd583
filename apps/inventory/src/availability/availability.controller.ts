import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, SerialisedAs, type Principal } from '@omni/platform';
import { SkuParams } from '../stock/dto/stock.dto';
import { AvailabilityService } from './availability.service';
import { AvailabilityQueryDto, ChannelQuery, NearbyQuery } from './dto/availability.dto';
import { BATCH_AVAILABILITY_SCHEMA, SKU_AVAILABILITY_SCHEMA } from './dto/availability.schema';

@ApiTags('availability')
@Controller('v1/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** A channel's network figure for many SKUs at once (carts, listing pages). */
  @Post('query')
  @HttpCode(200)
  @SerialisedAs(200, BATCH_AVAILABILITY_SCHEMA)
  query(@CurrentPrincipal() principal: Principal, @Body() body: AvailabilityQueryDto) {
    return this.availability.forSkus(principal, body.skus, body.channel);
  }

  @Get(':sku/nearby')
  nearby(@Param() { sku }: SkuParams, @Query() query: NearbyQuery) {
    return this.availability.nearby(sku, query);
  }

  @Get(':sku')
  @SerialisedAs(200, SKU_AVAILABILITY_SCHEMA)
  forSku(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams, @Query() { channel }: ChannelQuery) {
    return this.availability.forSku(principal, sku, channel);
  }
}
