import { StockLevelChanged, type EventEnvelope, type StockLevelChangedV1 } from '@omni/contracts';
import type { MessageEvent } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';
import type { AvailabilityService } from '../availability/availability.service';
import type { ChannelRuleBook } from '../channels/channel-rule-book';
import type { LocationDirectory } from '../locations/location-directory';
import type { LiveFeed } from './live-feed';
import { LiveController } from './live.controller';

const change = (available: number, asOf: string, locationId = 'st-1'): EventEnvelope<StockLevelChangedV1> =>
  ({
    type: StockLevelChanged.type,
    version: StockLevelChanged.version,
    data: {
      sku: 'SKU-1',
      locationId,
      onHand: available,
      reserved: 0,
      safetyStock: 0,
      damaged: 0,
      sellable: available,
      asOf,
    },
  }) as EventEnvelope<StockLevelChangedV1>;

describe('LiveController stream', () => {
  it('never sends a level an older figure than the last it sent, nor the same one twice', () => {
    const changes = new Subject<EventEnvelope>();
    const controller = new LiveController(
      { of: () => changes.asObservable() } as unknown as LiveFeed,
      { forSku: () => new Promise(() => undefined) } as unknown as AvailabilityService,
      { get: (id: string) => ({ id, type: 'store', active: true }) } as unknown as LocationDirectory,
      {
        ruleFor: () => ({}),
        strategy: { feeds: () => true, availableToPromise: (_rule: unknown, sellable: number) => sellable },
      } as unknown as ChannelRuleBook,
    );
    const sent: MessageEvent[] = [];
    const stream: Observable<MessageEvent> = controller.stream(
      { sub: 'web', role: 'channel', channel: 'web' } as never,
      {
        skus: 'SKU-1',
      },
    );
    const subscription = stream.subscribe((e) => sent.push(e));
    try {
      changes.next(change(9, '2026-03-02T09:00:00.002Z')); // this replica's, at its commit
      changes.next(change(10, '2026-03-02T09:00:00.001Z')); // another replica's older one, through the topic
      changes.next(change(9, '2026-03-02T09:00:00.002Z')); // the same again
      changes.next(change(8, '2026-03-02T09:00:00.002Z')); // the same millisecond, another figure
      changes.next(change(10, '2026-03-02T09:00:00.001Z', 'st-2')); // another level
      changes.next(change(7, '2026-03-02T09:00:00.003Z'));
      expect(
        sent.map((e) => [(e.data as { locationId: string }).locationId, (e.data as { available: number }).available]),
      ).toEqual([
        ['st-1', 9],
        ['st-1', 8],
        ['st-2', 10],
        ['st-1', 7],
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });
});
