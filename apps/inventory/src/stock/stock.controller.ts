import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PROBLEMS } from '@omni/contracts';
import {
  api,
  ApiRoute,
  CurrentPrincipal,
  Idempotent,
  IdempotencyClaimParam,
  LocationScoped,
  Roles,
  SerialisedAs,
  type HttpRequest,
  type IdempotencyClaim,
  type Principal,
} from '@omni/platform';
import {
  LevelParams,
  MovementsQuery,
  RecordMovementDto,
  SafetyStockDto,
  SkuParams,
  type LevelView,
} from './dto/stock.dto';
import { LEVEL_VIEW, MOVEMENT_PAGE, RECORDED_MOVEMENT } from './dto/stock.api';
import { RECORDED_MOVEMENT_SCHEMA } from './dto/stock.schema';
import type { MovementView } from './ledger';
import { StockService } from './stock.service';

@ApiTags('stock')
@Controller('v1/stock')
export class StockController {
  constructor(private readonly stock: StockService) {}

  /** Store staff move stock only at their own locations; a POS sale is never refused. */
  @Post('movements')
  @HttpCode(201)
  @SerialisedAs(201, RECORDED_MOVEMENT_SCHEMA)
  @Idempotent({ handlerClaims: true })
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.body?.locationId)
  @ApiRoute({
    summary: 'Record a stock movement (receipt, sale, count, adjustment, damage, transfer...)',
    description:
      "A POS sale of goods in the customer's hand is never refused; one that takes on-hand below reserved is published as a discrepancy.",
    answers: { 201: RECORDED_MOVEMENT },
    problems: [PROBLEMS.movementRefused, PROBLEMS.unknownLocation, PROBLEMS.eventContractViolation],
    requestExample: { sku: 'SKU-0001', locationId: 's-001', type: 'receipt', quantity: 24, reference: 'ASN-2026-0042' },
  })
  record(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RecordMovementDto,
    @IdempotencyClaimParam() claim?: IdempotencyClaim,
  ): Promise<{ movement: MovementView; level: LevelView }> {
    return this.stock.recordMovement(principal, body, claim);
  }

  @Put(':sku/locations/:locationId/safety-stock')
  @Roles('admin')
  @ApiRoute({
    summary: 'Set the safety stock of a SKU at a location',
    answers: { 200: LEVEL_VIEW },
    problems: [PROBLEMS.unknownLocation, PROBLEMS.eventContractViolation],
  })
  setSafetyStock(@Param() { sku, locationId }: LevelParams, @Body() body: SafetyStockDto): Promise<LevelView> {
    return this.stock.setSafetyStock(sku, locationId, body.safetyStock);
  }

  @Get(':sku/levels')
  @Roles('admin', 'store')
  @ApiRoute({
    summary: 'Stock levels of a SKU at every location (a store: its own)',
    answers: { 200: api.arrayOf(LEVEL_VIEW) },
  })
  levels(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams): Promise<LevelView[]> {
    return this.stock.levelsOf(principal, sku);
  }

  @Get(':sku/movements')
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.query.locationId)
  @ApiRoute({
    summary: 'The movement history of a SKU, newest first, a page at a time',
    answers: { 200: MOVEMENT_PAGE },
  })
  movements(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams, @Query() query: MovementsQuery) {
    return this.stock.movementsOf(principal, sku, query);
  }
}
