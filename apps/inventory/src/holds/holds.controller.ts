import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, IdempotencyClaimParam, Roles, SerialisedAs, type IdempotencyClaim, type Principal } from '@omni/platform';
import { CreateHoldDto, ExtendHoldDto, HoldParams, type HoldView } from './dto/hold.dto';
import { HOLD_VIEW_SCHEMA } from './dto/hold.schema';
import { HoldsService } from './holds.service';

@ApiTags('holds')
@Controller('v1/holds')
@Roles('admin', 'channel', 'store')
export class HoldsController {
  constructor(private readonly holds: HoldsService) {}

  /** 201 with what is held where, or 409 problem+json with each line's shortfall and nothing held. */
  @Post()
  @HttpCode(201)
  @SerialisedAs(201, HOLD_VIEW_SCHEMA)
  @Idempotent({ handlerClaims: true })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateHoldDto, @IdempotencyClaimParam() claim?: IdempotencyClaim): Promise<HoldView> {
    return this.holds.create(principal, body, claim);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: HoldParams): Promise<HoldView> {
    return this.holds.get(principal, id);
  }

  @Post(':id/extend')
  @HttpCode(200)
  extend(@CurrentPrincipal() principal: Principal, @Param() { id }: HoldParams, @Body() body: ExtendHoldDto): Promise<HoldView> {
    return this.holds.extend(principal, id, body.ttlSeconds);
  }

  @Post(':id/release')
  @HttpCode(200)
  release(@CurrentPrincipal() principal: Principal, @Param() { id }: HoldParams): Promise<HoldView> {
    return this.holds.release(principal, id);
  }
}
