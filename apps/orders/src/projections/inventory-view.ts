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
import { TransactionHost } from '@omni/platform';
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

/**
 * Orders' projections of inventory's locations and cart holds, and the SKUs the network has stocked,
 * rebuilt from inventory's compacted changelogs at every start and kept current from them. `caughtUp`: the view holds at least what
 * inventory had published when this process started; `current`: nothing is known to be left to read.
 */
@Injectable()
export class InventoryView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: ChangelogReader;
  private readonly arrivals = new Subject<Arrivals>();

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

  private async apply(events: readonly EventEnvelope[]): Promise<void> {
    const of = <T>(type: string) => events.filter((e) => e.type === type).map((e) => e.data as T);
    const locations = of<LocationChangedV1>(LocationSnapshot.type);
    const holds = of<HoldSnapshotV1>(HoldSnapshot.type);
    // Only the SKU of a level matters here (a hold's lines were stocked too): its figures are sourcing's business.
    const skus = skusOf(of<StockLevelChangedV1>(StockLevelSnapshot.type), holds);
    const arrived = await this.tx.run(async () => ({
      locations: await this.locations.applySnapshots(locations),
      holds: await this.holds.applySnapshots(holds),
      skus: await this.skus.learn(skus),
    }));
    if (arrived.locations.length || arrived.holds.length || arrived.skus.length) this.arrivals.next(arrived);
  }
}
