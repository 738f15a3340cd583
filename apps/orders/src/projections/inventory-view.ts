import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  HoldSnapshot,
  LocationSnapshot,
  StockLevelSnapshot,
  type EventEnvelope,
  type HoldSnapshotV1,
  type LocationChangedV1,
  type StockLevelChangedV1,
} from '@omni/contracts';
import { ChangelogReader, EventLog, MESSAGING_OPTIONS, type MessagingOptions } from '@omni/messaging';
import { queryRows, TransactionHost, type StatementPart } from '@omni/platform';
import type { EntityManager } from 'typeorm';
import { Subject, type Observable } from 'rxjs';
import { HoldsService } from '../holds/holds.service';
import { LocationsService } from '../locations/locations.service';
import { skusOf } from '../skus/skus.rules';
import { SkusService } from '../skus/skus.service';

/** What just became known (after its commit): pending orders waiting on it can be decided. */
export interface Arrivals {
  holds: string[];
  locations: string[];
  skus: string[];
}

/** Something a pending order may wait for, as order_waits names it. */
export interface ArrivalRef {
  kind: 'hold' | 'location' | 'sku';
  ref: string;
}

// What arrived lately, by arrival number: enough to tell a placement that raced an arrival (see arrivedSince).
const REMEMBERED_ARRIVALS = 10_000;

/**
 * Orders' projections of inventory's locations and cart holds, and the SKUs the network has stocked,
 * rebuilt from inventory's compacted changelogs at every start and kept current from them. `caughtUp`: the view holds at least what
 * inventory had published when this process started; `current`: nothing is known to be left to read.
 */
@Injectable()
export class InventoryView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: ChangelogReader;
  private readonly arrivals = new Subject<Arrivals>();
  private arrivalCount = 0;
  /** `${kind} ${ref}` -> the arrival count when it last arrived; the oldest are forgotten first. */
  private readonly lastArrival = new Map<string, number>();
  private forgottenUpTo = 0;

  constructor(
    eventLog: EventLog,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    private readonly tx: TransactionHost,
    private readonly locations: LocationsService,
    private readonly holds: HoldsService,
    private readonly skus: SkusService,
  ) {
    this.reader = new ChangelogReader(eventLog, options, {
      name: 'inventory-view',
      changelogs: ['locations', 'holds', 'stock-levels'],
      definitions: [LocationSnapshot, HoldSnapshot, StockLevelSnapshot],
      apply: (events) => this.apply(events),
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.reader.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.reader.stop();
  }

  get caughtUp(): boolean {
    return this.reader.caughtUp;
  }

  get current(): boolean {
    return this.reader.current;
  }

  whenCaughtUp(): Promise<void> {
    return this.reader.whenCaughtUp();
  }

  get arrived(): Observable<Arrivals> {
    return this.arrivals.asObservable();
  }

  /** A mark to give arrivedSince(): how many arrivals this view has announced so far. */
  get arrivalMark(): number {
    return this.arrivalCount;
  }

  /**
   * Whether any of `refs` arrived after `mark` (or may have: when that is older than what is remembered).
   * A placement that read "not yet" and committed its wait after the arrival was announced would
   * otherwise wait for the next sweep: nobody was waiting yet when it arrived.
   */
  arrivedSince(mark: number, refs: readonly ArrivalRef[]): boolean {
    if (mark < this.forgottenUpTo) return true;
    return refs.some((r) => (this.lastArrival.get(`${r.kind} ${r.ref}`) ?? -1) > mark);
  }

  /** Whether `ref` arrived lately (among the last REMEMBERED_ARRIVALS): then it is known, without asking the database. */
  arrivedLately(ref: ArrivalRef): boolean {
    return this.lastArrival.has(`${ref.kind} ${ref.ref}`);
  }

  private remember(arrived: Arrivals): void {
    const count = ++this.arrivalCount;
    const keys = [
      ...arrived.holds.map((ref) => `hold ${ref}`),
      ...arrived.locations.map((ref) => `location ${ref}`),
      ...arrived.skus.map((ref) => `sku ${ref}`),
    ];
    for (const key of keys) {
      this.lastArrival.delete(key); // re-inserted last: the map stays in arrival order
      this.lastArrival.set(key, count);
    }
    for (const [key, at] of this.lastArrival) {
      if (this.lastArrival.size <= REMEMBERED_ARRIVALS) break;
      this.lastArrival.delete(key);
      this.forgottenUpTo = at;
    }
  }

  private async apply(events: readonly EventEnvelope[]): Promise<void> {
    const of = <T>(type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);
    const locations = of<LocationChangedV1>(LocationSnapshot.type);
    const holds = of<HoldSnapshotV1>(HoldSnapshot.type);
    // Only the SKU of a level matters here (a hold's lines were stocked too): its figures are sourcing's business.
    const skus = skusOf(of<StockLevelChangedV1>(StockLevelSnapshot.type), holds);
    const written = () => writtenRefs(this.tx.manager, [this.holds.snapshotsWritten(holds), this.skus.learnt(skus)]);
    // Holds and SKUs are one statement, atomic by itself: a batch with no location needs no transaction.
    const arrived = locations.length
      ? await this.tx.run(async () => {
          const located = await this.locations.applySnapshots(locations);
          const [heldIds, skuIds] = await written();
          return { locations: located, holds: heldIds, skus: skuIds };
        })
      : await written().then(([heldIds, skuIds]) => ({ locations: [], holds: heldIds, skus: skuIds }));
    if (arrived.locations.length || arrived.holds.length || arrived.skus.length) {
      this.remember(arrived);
      this.arrivals.next(arrived);
    }
  }
}

/** Runs the writes (those not null) as one statement; answers the refs each wrote (its `ref` column), in order. */
async function writtenRefs(manager: EntityManager, writes: ReadonlyArray<StatementPart | null>): Promise<string[][]> {
  const params: unknown[] = [];
  const parts: string[] = [];
  const answers = writes.map((write) => {
    if (!write) return 'NULL::json';
    const { sql, params: more } = write(params.length + 1);
    params.push(...more);
    parts.push(`w${parts.length} AS (${sql})`);
    return `(SELECT json_agg(ref) FROM w${parts.length - 1})`;
  });
  if (!parts.length) return writes.map(() => []);
  const [row] = await queryRows<Record<string, string[] | null>>(
    manager,
    `WITH ${parts.join(', ')} SELECT ${answers.map((a, i) => `${a} AS r${i}`).join(', ')}`,
    params,
  );
  return writes.map((_, i) => row[`r${i}`] ?? []);
}
