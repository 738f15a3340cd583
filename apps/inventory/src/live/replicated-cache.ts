import { PeriodicTask } from '@omni/platform';
import type { Observable, Subscription } from 'rxjs';

const RELOAD_EVERY_MS = 30_000;

/** An entry of a replicated cache: of two versions of it, the later `updatedAt` (ISO-8601) wins. */
export interface Replicated {
  readonly updatedAt: string;
}

/**
 * A small table every replica keeps in memory, so the hot paths decide without a query. Kept
 * current by this replica's own commits (`apply` after commit), by the change events of the others
 * (`changes()`, from the LiveFeed), and by a reload of the whole table every 30 s as a safety net:
 * an event missed while the feed was joining its group heals by the next reload. Loaded once before
 * the application serves; a failed periodic reload is logged and tried again on the next tick.
 */
export abstract class ReplicatedCache<K, V extends Replicated> extends PeriodicTask {
  private entries = new Map<K, V>();
  private changeCount = 0;
  private subscription: Subscription | null = null;

  protected constructor(name: string, everyMs = RELOAD_EVERY_MS) {
    super(`${name} reload`, everyMs);
  }

  /** Every entry, as the table holds it now. */
  protected abstract load(): Promise<V[]>;
  /** The entries other replicas change, as they announce them. */
  protected abstract changes(): Observable<V>;
  protected abstract keyOf(entry: V): K;

  override async onApplicationBootstrap(): Promise<void> {
    this.subscription = this.changes().subscribe((entry) => this.apply(entry));
    await this.reload();
    super.onApplicationBootstrap();
  }

  override async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = null;
    await super.onModuleDestroy();
  }

  protected runOnce(): Promise<void> {
    return this.reload();
  }

  async reload(): Promise<void> {
    const all = await this.load();
    this.entries = new Map(all.map((entry) => [this.keyOf(entry), entry]));
    this.changeCount++;
  }

  apply(entry: V): void {
    const key = this.keyOf(entry);
    const known = this.entries.get(key);
    // Events from other replicas may arrive after our own newer write.
    if (known && known.updatedAt > entry.updatedAt) return;
    this.entries.set(key, entry);
    this.changeCount++;
  }

  /** Changes whenever any entry may have: lets callers keep what they derive from the entries until then. */
  get version(): number {
    return this.changeCount;
  }

  protected entry(key: K): V | undefined {
    return this.entries.get(key);
  }

  protected allEntries(): V[] {
    return [...this.entries.values()];
  }
}
