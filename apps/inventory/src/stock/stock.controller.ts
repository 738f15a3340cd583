import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Idempotent, IdempotencyClaimParam, LocationScoped, Roles, SerialisedAs, type HttpRequest, type IdempotencyClaim, type Principal } from '@omni/platform';
import { LevelParams, MovementsQuery, RecordMovementDto, SafetyStockDto, SkuParams, type LevelView } from './dto/stock.dto';
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
  record(
    @CurrentPrincipal() principal: Principal,
    @Body() body: RecordMovementDto,
    @IdempotencyClaimParam() claim?: IdempotencyClaim,
  ): Promise<{ movement: MovementView; level: LevelView }> {
    return this.stock.recordMovement(principal, body, claim);
  }

  @Put(':sku/locations/:locationId/safety-stock')
  @Roles('admin')
  setSafetyStock(@Param() { sku, locationId }: LevelParams, @Body() body: SafetyStockDto): Promise<LevelView> {
    return this.stock.setSafetyStock(sku, locationId, body.safetyStock);
  }

  @Get(':sku/levels')
  @Roles('admin', 'store')
  levels(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams): Promise<LevelView[]> {
    return this.stock.levelsOf(principal, sku);
  }

  @Get(':sku/movements')
  @Roles('admin', 'store')
  @LocationScoped((req: HttpRequest) => req.query.locationId)
  movements(@CurrentPrincipal() principal: Principal, @Param() { sku }: SkuParams, @Query() query: MovementsQuery) {
    return this.stock.movementsOf(principal, sku, query);
  }
}
