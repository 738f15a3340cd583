import type { LevelView } from './dto/stock.dto';
import type { LevelRow } from './level-store';
import type { StockLevel } from './stock-level.entity';
import { sellable } from './stock.rules';

/** A stock level as the API answers it. */
export function toLevelView(l: LevelRow | StockLevel): LevelView {
  return {
    sku: l.sku,
    locationId: l.locationId,
    onHand: l.onHand,
    reserved: l.reserved,
    safetyStock: l.safetyStock,
    damaged: l.damaged,
    sellable: sellable(l),
    asOf: l.updatedAt.toISOString(),
  };
}
