import { Injectable } from '@nestjs/common';
import { LocationChanged } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import { map, type Observable } from 'rxjs';
import { LiveFeed } from '../live/live-feed';
import { ReplicatedCache } from '../live/replicated-cache';
import { toLocationView, type LocationView } from './dto/location.dto';
import { Location } from './location.entity';

/**
 * Every location, in memory: availability and holds decide which locations feed a channel without a
 * query (one SQL round trip per request).
 */
@Injectable()
export class LocationDirectory extends ReplicatedCache<string, LocationView> {
  constructor(
    private readonly tx: TransactionHost,
    private readonly feed: LiveFeed,
  ) {
    super('locations');
  }

  protected async load(): Promise<LocationView[]> {
    return (await this.tx.manager.getRepository(Location).find()).map(toLocationView);
  }

  protected changes(): Observable<LocationView> {
    return this.feed.of(LocationChanged).pipe(map((e) => e.data));
  }

  protected keyOf(location: LocationView): string {
    return location.id;
  }

  get(id: string): LocationView | undefined {
    return this.entry(id);
  }

  all(): LocationView[] {
    return this.allEntries();
  }
}
