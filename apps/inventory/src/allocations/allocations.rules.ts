// All-or-nothing allocation of an order's lines against locked levels, converting a cart hold first.
import { levelKey, sellable, type LevelFigures } from '../stock/stock.rules';

export interface Demand {
  orderLineId: string;
  sku: string;
  locationId: string;
  qty: number;
}

export interface Take extends Demand {
  /** Units whose reservation moves from the hold to the allocation. */
  fromHold: number;
  /** Units newly reserved from sellable stock. */
  fromStock: number;
}

export interface ShortLine extends Demand {
  available: number;
  shortfall: number;
}

export type AllocationPlan =
  | {
      ok: true;
      takes: Take[];
      /** hold units no line needed, per level key: they go back to sellable */ leftover: Map<string, number>;
    }
  | { ok: false; lines: ShortLine[] };

/**
 * Plans a request against the current (locked) figures. `held` is what the order's hold still
 * reserves per level key. A level that does not exist has nothing to give.
 */
export function planAllocation(
  demands: readonly Demand[],
  levels: ReadonlyMap<string, LevelFigures>,
  held: ReadonlyMap<string, number> = new Map(),
): AllocationPlan {
  const holdLeft = new Map(held);
  const extraReserved = new Map<string, number>();
  const takes: Take[] = [];
  const lines: ShortLine[] = [];
  for (const d of demands) {
    const key = levelKey(d.sku, d.locationId);
    const fromHold = Math.min(d.qty, holdLeft.get(key) ?? 0);
    holdLeft.set(key, (holdLeft.get(key) ?? 0) - fromHold);
    const level = levels.get(key);
    const taken = extraReserved.get(key) ?? 0;
    const free = level ? sellable({ ...level, reserved: level.reserved + taken }) : 0;
    const need = d.qty - fromHold;
    const fromStock = Math.min(need, free);
    extraReserved.set(key, taken + fromStock);
    takes.push({ ...d, fromHold, fromStock });
    lines.push({ ...d, available: fromHold + free, shortfall: need - fromStock });
  }
  if (lines.some((l) => l.shortfall > 0)) return { ok: false, lines };
  const leftover = new Map([...holdLeft].filter(([, qty]) => qty > 0));
  return { ok: true, takes, leftover };
}

/**
 * The plan when the hold alone covers every demand and nothing of it is left over: the reservation
 * only moves from the hold to the allocation, so no level's figures change. Null otherwise.
 */
export function planFromHoldAlone(
  demands: readonly Demand[],
  held: ReadonlyMap<string, number>,
): Extract<AllocationPlan, { ok: true }> | null {
  const plan = planAllocation(demands, new Map(), held);
  return plan.ok && !plan.leftover.size ? plan : null;
}

/**
 * Goods that left a location for an order line: the allocation there covers what it can (its
 * reservation falls), on hand falls by everything that left.
 */
export function consumption(
  allocatedRemaining: number,
  qty: number,
): { fromAllocation: number; reservedDelta: number; onHandDelta: number } {
  const fromAllocation = Math.min(Math.max(0, allocatedRemaining), qty);
  return { fromAllocation, reservedDelta: 0 - fromAllocation, onHandDelta: -qty };
}
