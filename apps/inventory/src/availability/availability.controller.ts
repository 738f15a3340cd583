import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, SerialisedAs, type Principal } from '@omni/platform';
import { SkuParams } from '../stock/dto/stock.dto';
import { AvailabilityService } from './availability.service';
import { AvailabilityQueryDto, ChannelQuery, NearbyQuery } from './dto/availability.dto';
import { BATCH_AVAILABILITY, NEARBY_STOCK, SKU_AVAILABILITY } from './dto/availability.api';
import { BATCH_AVAILABILITY_SCHEMA, SKU_AVAILABILITY_SCHEMA } from './dto/availability.schema';

@ApiTags('availability')
@Controller('v1/availability')
export class AvailabilityController {
  constructor(private readonly availability: AvailabilityService) {}

  /** A channel's network figure for many SKUs at once (carts, listing pages). */
  @Post('query')
  @HttpCode(200)
  @SerialisedAs(200, BATCH_AVAILABILITY_SCHEMA)
  @ApiRoute({
    summary: "A channel's network availability of many SKUs at once",
    description:
      'A channel client sees its own channel; a store its own channel (pos), its own locations included; an admin any channel (default web).',
    answers: {
      200: {
        schema: BATCH_AVAILABILITY,
        example: {
          channel: 'web',
          asOf: '2026-03-02T09:00:00.000Z',
          items: [{ sku: 'SKU-0001', available: 7, asOf: '2026-03-02T09:00:00.000Z' }],
        },
      },
    },
    problems: [PROBLEMS.forbidden],
    requestExample: { channel: 'web', skus: ['SKU-0001', 'SKU-0002'] },
  })
  query(@CurrentPrincipal() principal: Principal, @Body() body: AvailabilityQueryDto) {
    return this.availability.forSkus(principal, body.skus, body.channel);
  }

  @Get(':sku/nearby')
  @ApiRoute({
    summary: 'Stores near a point with what they can sell of a SKU now, nearest first',
    answers: { 200: NEARBY_STOCK },
  })
  nearby(@Param() { sku }: SkuParams, @Query() query: NearbyQuery) {
    return this.availability.nearby(sku, query);
  }

  @Get(':sku')
  @SerialisedAs(200, SKU_AVAILABILITY_SCHEMA)
  @ApiRoute({
    summary: "A channel's availability of one SKU, network-wide and per location",
    description:
      'A channel client sees its own channel; a store its own channel (pos), its own locations included; an admin any channel (default web).',
    answers: { 200: SKU_AVAILABILITY },
    problems: [PROBLEMS.forbidden],
  })
  forSku(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams, @Query() { channel }: ChannelQuery) {
    return this.availability.forSku(principal, sku, channel);
  }
}
