import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  ApiRoute,
  CurrentPrincipal,
  Idempotent,
  IdempotencyClaimParam,
  Roles,
  SerialisedAs,
  type IdempotencyClaim,
  type Principal,
} from '@omni/platform';
import { CreateHoldDto, ExtendHoldDto, HoldParams, type HoldView } from './dto/hold.dto';
import { HOLD_EXAMPLE, HOLD_REQUEST_EXAMPLE, HOLD_VIEW } from './dto/hold.api';
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
  @ApiRoute({
    summary: 'Hold stock for a cart',
    description:
      'All lines are held or none (unless `allowPartial`); a line without `locationId` is held at the best location feeding the channel. ' +
      'A hold expires after `ttlSeconds` (default 15 minutes) and gives its stock back; an order carrying it (`holdId`) converts it.',
    answers: { 201: { schema: HOLD_VIEW, description: 'Held', example: HOLD_EXAMPLE } },
    problems: [PROBLEMS.forbidden, PROBLEMS.insufficientStock, PROBLEMS.eventContractViolation],
    requestExample: HOLD_REQUEST_EXAMPLE,
  })
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateHoldDto,
    @IdempotencyClaimParam() claim?: IdempotencyClaim,
  ): Promise<HoldView> {
    return this.holds.create(principal, body, claim);
  }

  @Get(':id')
  @ApiRoute({
    summary: 'Read a hold (its owner, or an admin)',
    answers: { 200: { schema: HOLD_VIEW, example: HOLD_EXAMPLE } },
    problems: [PROBLEMS.notFound],
  })
  get(@CurrentPrincipal() principal: Principal, @Param() { id }: HoldParams): Promise<HoldView> {
    return this.holds.get(principal, id);
  }

  @Post(':id/extend')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Extend an active hold',
    answers: { 200: HOLD_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.holdState, PROBLEMS.eventContractViolation],
    requestExample: { ttlSeconds: 900 },
  })
  extend(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: HoldParams,
    @Body() body: ExtendHoldDto,
  ): Promise<HoldView> {
    return this.holds.extend(principal, id, body.ttlSeconds);
  }

  @Post(':id/release')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Release an active hold: its stock is sellable again',
    answers: { 200: HOLD_VIEW },
    problems: [PROBLEMS.notFound, PROBLEMS.holdState, PROBLEMS.eventContractViolation],
  })
  release(@CurrentPrincipal() principal: Principal, @Param() { id }: HoldParams): Promise<HoldView> {
    return this.holds.release(principal, id);
  }
}
