import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { LocationChanged } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';
import type { Subscription } from 'rxjs';
import { LiveFeed } from '../live/live-feed';
import { toLocationView, type LocationView } from './dto/location.dto';
import { Location } from './location.entity';

const RELOAD_EVERY_MS = 30_000;

/**
 * Every location, in memory: availability and holds decide which locations feed a channel without a
 * query (one SQL round trip per request). Kept current by this replica's own commits, by
 * location-changed events from the others, and by a periodic reload as a safety net.
 */
@Injectable()
export class LocationDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LocationDirectory.name);
  private byId = new Map<string, LocationView>();
  private changes = 0;
  private timer: NodeJS.Timeout | null = null;
  private events: Subscription | null = null;

  constructor(
    private readonly tx: TransactionHost,
    private readonly feed: LiveFeed,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.events = this.feed.of(LocationChanged).subscribe((e) => this.apply(e.data));
    await this.reload();
    this.timer = setInterval(() => this.reload().catch((error: Error) => this.logger.warn(`reload failed: ${error.message}`)), RELOAD_EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.events?.unsubscribe();
  }

  async reload(): Promise<void> {
    const all = await this.tx.manager.getRepository(Location).find();
    this.byId = new Map(all.map((l) => [l.id, toLocationView(l)]));
    this.changes++;
  }

  apply(location: LocationView): void {
    const known = this.byId.get(location.id);
    // Events from other replicas may arrive after our own newer write.
    if (known && known.updatedAt > location.updatedAt) return;
    this.byId.set(location.id, location);
    this.changes++;
  }

  /** Changes whenever any location may have: lets callers keep what they derive from all() until then. */
  get version(): number {
    return this.changes;
  }

  get(id: string): LocationView | undefined {
    return this.byId.get(id);
  }

  all(): LocationView[] {
    return [...this.byId.values()];
  }
}
