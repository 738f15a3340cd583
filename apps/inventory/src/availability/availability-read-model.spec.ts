import { StockLevelChanged, type EventEnvelope, type StockLevelChangedV1 } from '@omni/contracts';
import type { TransactionHost } from '@omni/platform';
import { Subject } from 'rxjs';
import type { LiveFeed } from '../live/live-feed';
import { AvailabilityReadModel, type LevelChange } from './availability-read-model';

interface Row {
  sku: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  damaged: number;
  at: Date;
}

/** A stand-in for stock_levels: answers the model's load statement from `rows`, optionally after a gate. */
function harness() {
  const rows: Row[] = [];
  const events = new Subject<EventEnvelope<StockLevelChangedV1>>();
  let gate: Promise<void> | null = null;
  let loads = 0;
  const manager = {
    query: jest.fn(async (_sql: string, [skus]: [string[]]) => {
      loads++;
      const snapshot = Date.now();
      // The load statement's shape: a row per sku with levels, as arrays; one row with sku null when none has.
      const answer = [...new Set(rows.filter((r) => skus.includes(r.sku)).map((r) => r.sku))].map((sku) => ({
        sku,
        snapshot,
        levels: rows
          .filter((r) => r.sku === sku)
          .map((r) => [r.locationId, r.onHand, r.reserved, r.safetyStock, r.damaged, r.at.getTime()]),
      }));
      if (gate) await gate;
      return answer.length ? answer : [{ snapshot, sku: null, levels: null }];
    }),
  };
  const feed = { live: true, of: () => events.asObservable() } as unknown as LiveFeed;
  const model = new AvailabilityReadModel({ manager } as unknown as TransactionHost, feed);
  model.onModuleInit();
  return {
    model,
    rows,
    loads: () => loads,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((resolve) => (open = resolve));
      return () => {
        gate = null;
        open();
      };
    },
    publish(change: LevelChange) {
      events.next({
        type: StockLevelChanged.type,
        version: StockLevelChanged.version,
        data: { ...change, sellable: change.onHand - change.reserved, asOf: new Date(change.at).toISOString() },
      } as unknown as EventEnvelope<StockLevelChangedV1>);
    },
  };
}

const level = (sku: string, locationId: string, onHand: number, at: number, reserved = 0): LevelChange => ({
  sku,
  locationId,
  onHand,
  reserved,
  safetyStock: 0,
  damaged: 0,
  at,
});

async function figuresOf(model: AvailabilityReadModel, sku: string) {
  const figures = (await model.figures([sku])).get(sku)!;
  return {
    asOf: figures.asOf,
    levels: Object.fromEntries([...figures.levels].map(([id, l]) => [id, l.onHand - l.reserved])),
  };
}

describe('AvailabilityReadModel', () => {
  const t0 = Date.parse('2026-01-01T00:00:00Z');

  it('loads a sku once, then answers from memory', async () => {
    const h = harness();
    h.rows.push({ ...level('A', 'st-1', 5, t0), at: new Date(t0) });
    expect((await figuresOf(h.model, 'A')).levels).toEqual({ 'st-1': 5 });
    expect((await figuresOf(h.model, 'A')).levels).toEqual({ 'st-1': 5 });
    expect(h.loads()).toBe(1);
  });

  it('shows this replica’s committed change at once, and never goes back to an older figure from the feed', async () => {
    const h = harness();
    h.rows.push({ ...level('A', 'st-1', 5, t0), at: new Date(t0) });
    await h.model.figures(['A']);
    h.model.apply(level('A', 'st-1', 5, t0 + 20, 1)); // our own hold, applied after commit
    expect((await figuresOf(h.model, 'A')).levels).toEqual({ 'st-1': 4 });
    h.publish(level('A', 'st-1', 5, t0 + 10)); // an older change arriving late through the topic
    const after = await figuresOf(h.model, 'A');
    expect(after.levels).toEqual({ 'st-1': 4 });
    h.publish(level('A', 'st-1', 9, t0 + 30, 1)); // another replica's newer receipt
    expect((await figuresOf(h.model, 'A')).levels).toEqual({ 'st-1': 8 });
    expect((await figuresOf(h.model, 'A')).asOf).toBeGreaterThanOrEqual(after.asOf);
  });

  it('adds a location first created elsewhere, from the feed', async () => {
    const h = harness();
    await h.model.figures(['B']);
    h.publish(level('B', 'dc-1', 7, t0));
    expect((await figuresOf(h.model, 'B')).levels).toEqual({ 'dc-1': 7 });
  });

  it('keeps a change that arrives while the load is in flight over the older snapshot', async () => {
    const h = harness();
    h.rows.push({ ...level('C', 'st-1', 5, t0), at: new Date(t0) });
    const open = h.hold();
    const pending = figuresOf(h.model, 'C');
    await new Promise((resolve) => setImmediate(resolve));
    h.publish(level('C', 'st-1', 3, t0 + 50)); // committed after the load's snapshot
    open();
    expect((await pending).levels).toEqual({ 'st-1': 3 });
  });

  it('ignores changes to skus it does not hold (Postgres has them) and reloads on a same-millisecond conflict', async () => {
    const h = harness();
    h.publish(level('D', 'st-1', 1, t0));
    h.rows.push({ ...level('D', 'st-1', 5, t0 + 1), at: new Date(t0 + 1) });
    expect((await figuresOf(h.model, 'D')).levels).toEqual({ 'st-1': 5 });
    h.publish(level('D', 'st-1', 4, t0 + 1)); // same updated_at, other figures: which is newer is unknown
    h.rows[0] = { ...level('D', 'st-1', 4, t0 + 1), at: new Date(t0 + 1) };
    await new Promise((resolve) => setTimeout(resolve, 2)); // not a wait for anything: the clock moves on, so the reload starts after the change was received
    expect((await figuresOf(h.model, 'D')).levels).toEqual({ 'st-1': 4 });
    expect(h.loads()).toBe(2);
  });

  it('is usable only once the live feed delivers', () => {
    const feed = { live: false, of: () => new Subject().asObservable() } as unknown as LiveFeed;
    const model = new AvailabilityReadModel({ manager: {} } as unknown as TransactionHost, feed);
    expect(model.usable).toBe(false);
    (feed as { live: boolean }).live = true;
    expect(model.usable).toBe(true);
  });
});
