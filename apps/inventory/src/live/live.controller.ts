import { Controller, Query, Sse, type BeforeApplicationShutdown, type MessageEvent } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CHANNELS, PROBLEMS, SKU_PATTERN, StockLevelChanged, type Channel } from '@omni/contracts';
import { ApiRoute, CurrentPrincipal, LimitStreamsPerPrincipal, type Principal } from '@omni/platform';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { from, interval, map, merge, mergeMap, ReplaySubject, takeUntil, type Observable } from 'rxjs';
import { AvailabilityService } from '../availability/availability.service';
import { AVAILABILITY_STREAM } from '../availability/dto/availability.api';
import { channelFor, ownLocationsOf } from '../channels/channel-access';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import { LocationDirectory } from '../locations/location-directory';
import { LiveFeed } from './live-feed';

const MAX_STREAM_SKUS = 100;
const KEEPALIVE_MS = 15_000;
const SKU = SKU_PATTERN.source.slice(1, -1); // the one SKU pattern, without its anchors

export class StreamQuery {
  @Matches(new RegExp(`^${SKU}(,${SKU}){0,${MAX_STREAM_SKUS - 1}}$`), {
    message: `skus must be 1 to ${MAX_STREAM_SKUS} comma-separated SKUs`,
  })
  skus: string;
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
}

/**
 * Server-Sent Events: a snapshot per SKU, then each change of a SKU's figure at a location feeding
 * the channel, from whichever replica made it (LiveFeed: this replica's at commit, the others' from
 * the topic), never older than the last sent for its level. Clients order snapshot and changes by `asOf`.
 */
@ApiTags('availability')
@Controller('v1/availability')
export class LiveController implements BeforeApplicationShutdown {
  // Replayed, so a stream opened while the service stops ends at once too.
  private readonly stopping = new ReplaySubject<void>(1);

  constructor(
    private readonly feed: LiveFeed,
    private readonly availability: AvailabilityService,
    private readonly locations: LocationDirectory,
    private readonly rules: ChannelRuleBook,
  ) {}

  @Sse('stream')
  @LimitStreamsPerPrincipal()
  @ApiRoute({
    summary: 'Live availability of up to 100 SKUs (Server-Sent Events)',
    answers: {
      200: {
        schema: AVAILABILITY_STREAM,
        contentType: 'text/event-stream',
        description: 'An event stream, open for as long as the client reads it',
      },
    },
    problems: [PROBLEMS.forbidden, PROBLEMS.tooManyStreams],
  })
  stream(@CurrentPrincipal() principal: Principal, @Query() query: StreamQuery): Observable<MessageEvent> {
    const channel = channelFor(principal, query.channel);
    const own = ownLocationsOf(principal);
    const skus = [...new Set(query.skus.split(','))];
    const watched = new Set(skus);
    // Per level the newest figure sent: this replica's own changes arrive at their commit, the others'
    // through the topic, so an older figure (or the same one again) may come after a newer one.
    const sent = new Map<string, { asOf: string; available: number }>();
    const changes = this.feed.of(StockLevelChanged).pipe(
      mergeMap(({ data }) => {
        const rule = this.rules.ruleFor(channel);
        const location = this.locations.get(data.locationId);
        if (!watched.has(data.sku) || !location || !this.rules.strategy.feeds(rule, location, own)) return [];
        const available = this.rules.strategy.availableToPromise(rule, data.sellable);
        const key = `${data.sku}|${data.locationId}`;
        const last = sent.get(key);
        if (last && (data.asOf < last.asOf || (data.asOf === last.asOf && available === last.available))) return [];
        sent.set(key, { asOf: data.asOf, available });
        return [
          {
            type: 'availability',
            data: { sku: data.sku, channel, locationId: data.locationId, available, asOf: data.asOf },
          },
        ];
      }),
    );
    const snapshots = from(skus).pipe(
      mergeMap((sku) => this.availability.forSku(principal, sku, channel), 4),
      map((figures) => ({ type: 'snapshot', data: figures })),
    );
    const keepalive = interval(KEEPALIVE_MS).pipe(map(() => ({ type: 'keepalive', data: {} })));
    return merge(changes, snapshots, keepalive).pipe(takeUntil(this.stopping));
  }

  /**
   * Ends every open stream before the HTTP server closes: the server waits for its open responses,
   * so one client still reading (a store console left open) would otherwise keep the service from
   * stopping. Clients reconnect, to another replica or to this one once it is back.
   */
  beforeApplicationShutdown(): void {
    this.stopping.next();
    this.stopping.complete();
  }
}
