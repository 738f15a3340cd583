import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HoldSnapshot, LocationSnapshot, StockLevelSnapshot } from '@omni/contracts';
import { ChangelogReader, EventLog, MESSAGING_OPTIONS, type MessagingOptions } from '@omni/messaging';
import { ProjectionsService } from './projections.service';

/**
 * Fulfilment's projections of inventory, rebuilt from inventory's compacted changelogs at every
 * start (locations, stock levels, holds) and then kept current from them. `caughtUp` says whether
 * the view holds at least everything inventory had published when this process started: before
 * that, an empty or missing figure means "not read yet", and sourcing waits rather than decides.
 */
@Injectable()
export class InventoryView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly reader: ChangelogReader;

  constructor(
    eventLog: EventLog,
    @Inject(MESSAGING_OPTIONS) options: MessagingOptions,
    projections: ProjectionsService,
  ) {
    this.reader = new ChangelogReader(eventLog, options, {
      name: 'inventory-view',
      changelogs: ['locations', 'stock-levels', 'holds'],
      definitions: [LocationSnapshot, StockLevelSnapshot, HoldSnapshot],
      apply: (events) => projections.apply(events),
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

  whenCaughtUp(): Promise<void> {
    return this.reader.whenCaughtUp();
  }
}
