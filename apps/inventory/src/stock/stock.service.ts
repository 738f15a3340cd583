import { Injectable } from '@nestjs/common';
import { PROBLEMS, type ItemRestockedV1 } from '@omni/contracts';
import {
  badCursor,
  CursorCodec,
  ProblemException,
  TransactionHost,
  validationProblem,
  type IdempotencyClaim,
  type Principal,
} from '@omni/platform';
import { In, LessThan } from 'typeorm';
import { ownLocationsOf } from '../channels/channel-access';
import { LocationDirectory } from '../locations/location-directory';
import type { LevelView, MovementsQuery, RecordMovementDto } from './dto/stock.dto';
import { LevelStore, type LevelRow } from './level-store';
import { Ledger, type MovementView } from './ledger';
import { StockLevel } from './stock-level.entity';
import { StockMovement } from './stock-movement.entity';
import { MovementCoalescer } from './movement-coalescer';
import { fixedEffect, levelKey, quantityProblem } from './stock.rules';
import { toLevelView } from './level-view';

const DEFAULT_PAGE = 50;
const MOVEMENTS_LIST = 'stock-movements';
const MAX_BIGINT = 2n ** 63n - 1n;

@Injectable()
export class StockService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly ledger: Ledger,
    private readonly levels: LevelStore,
    private readonly locations: LocationDirectory,
    private readonly coalescer: MovementCoalescer,
    private readonly cursors: CursorCodec,
  ) {}

  /**
   * Movements whose effect is known without the level (sales, receipts) are coalesced with concurrent
   * ones into one transaction; the others (and any the coalescer hands back) run in their own.
   */
  async recordMovement(
    principal: Principal,
    dto: RecordMovementDto,
    claim?: IdempotencyClaim,
  ): Promise<{ movement: MovementView; level: LevelView }> {
    const problem = quantityProblem(dto.type, dto.quantity);
    if (problem) throw validationProblem([{ field: 'quantity', message: problem }]);
    this.requireLocation(dto.locationId);
    const alone = () =>
      this.tx.run(async () => {
        const { movements, levels } = await this.ledger.record([dto], principal.sub);
        return { movement: movements[0], level: toLevelView(levels[0]) };
      });
    const effect = fixedEffect(dto.type, dto.quantity);
    // The coalescer records its value as the key's answer: it must be the answer itself, views included.
    return this.coalescer.runOr(effect ? { entry: dto, effect, principal: principal.sub } : null, claim, alone);
  }

  async setSafetyStock(sku: string, locationId: string, safetyStock: number): Promise<LevelView> {
    this.requireLocation(locationId);
    return this.tx.run(async () => {
      const level = (await this.levels.lockOrCreate([{ sku, locationId }])).get(levelKey(sku, locationId)) as LevelRow;
      const [written] = await this.levels.write([{ ...level, safetyStock }]);
      return toLevelView(written);
    });
  }

  async levelsOf(principal: Principal, sku: string): Promise<LevelView[]> {
    const scope = principal.role === 'store' ? { locationId: In(principal.locations) } : {};
    const rows = await this.tx.manager
      .getRepository(StockLevel)
      .find({ where: { sku, ...scope }, order: { locationId: 'ASC' } });
    return rows.map(toLevelView);
  }

  /** Newest first, by keyset on the ledger id (stable under concurrent appends). */
  async movementsOf(
    principal: Principal,
    sku: string,
    query: MovementsQuery,
  ): Promise<{ items: MovementView[]; nextCursor: string | null }> {
    const limit = query.limit ?? DEFAULT_PAGE;
    const own = ownLocationsOf(principal);
    const location = query.locationId ?? (principal.role === 'store' ? In(own) : undefined);
    const before = query.cursor === undefined ? undefined : this.movementBefore(query.cursor);
    const rows = await this.tx.manager.getRepository(StockMovement).find({
      where: { sku, ...(location ? { locationId: location } : {}), ...(before ? { id: LessThan(before) } : {}) },
      order: { id: 'DESC' },
      take: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map((m) => ({
        id: m.id,
        sku: m.sku,
        locationId: m.locationId,
        type: m.type,
        quantity: m.quantity,
        onHandDelta: m.onHandDelta,
        damagedDelta: m.damagedDelta,
        reason: m.reason,
        reference: m.reference,
        principal: m.principal,
        occurredAt: m.occurredAt.toISOString(),
      })),
      nextCursor: rows.length > limit ? this.cursors.seal(MOVEMENTS_LIST, page[page.length - 1].id) : null,
    };
  }

  /** The ledger id a movements cursor carries: signed, and a positive bigint even so. */
  private movementBefore(raw: string): string {
    const id = this.cursors.open(MOVEMENTS_LIST, raw);
    if (!/^[1-9][0-9]{0,18}$/.test(id) || BigInt(id) > MAX_BIGINT) throw badCursor();
    return id;
  }

  /** Returned units go back where they were received, even if that store never stocked the SKU. */
  async restockReturn(data: ItemRestockedV1): Promise<void> {
    await this.tx.run(() =>
      this.ledger.record(
        [
          {
            sku: data.sku,
            locationId: data.locationId,
            type: data.disposition === 'damaged' ? 'return_damaged' : 'return_restock',
            quantity: data.qty,
            reference: `return:${data.returnId}`,
          },
        ],
        null,
      ),
    );
  }

  private requireLocation(locationId: string): void {
    if (!this.locations.get(locationId)) {
      throw new ProblemException(PROBLEMS.unknownLocation, `location "${locationId}" does not exist`, {
        errors: [{ field: 'locationId', message: `location "${locationId}" does not exist` }],
      });
    }
  }
}
