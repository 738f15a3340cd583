import { Injectable } from '@nestjs/common';
import type { Channel } from '@omni/contracts';
import { type Principal, queryRows, TransactionHost } from '@omni/platform';
import { channelFor } from '../channels/channel-access';
import { ChannelFeeds } from '../channels/channel-feeds';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import type { ChannelRule } from '../channels/channels.rules';
import { LocationDirectory } from '../locations/location-directory';
import type { LocationView } from '../locations/dto/location.dto';
import { sellable, sellableSql, type LevelFigures } from '../stock/stock.rules';
import { AvailabilityReadModel, type SkuFigures } from './availability-read-model';
import { channelAvailability, withinRadius } from './availability.rules';
import type { NearbyQuery, NearbyStore, SkuAvailability } from './dto/availability.dto';

const DEFAULT_RADIUS_KM = 25;
const DEFAULT_NEARBY = 20;

export interface BatchAvailability {
  channel: Channel;
  asOf: string;
  items: Array<{ sku: string; available: number; asOf: string }>;
}

interface FigureRow extends LevelFigures {
  asOf: Date;
  locationId: string | null;
}

/**
 * The fast read path: which locations count comes from memory (LocationDirectory, ChannelRuleBook);
 * the batch query's figures from the replica's read model (AvailabilityReadModel), the single-sku and
 * nearby figures from exactly one SQL statement on the stock_levels primary key. Every figure says
 * when it was true (`asOf`).
 */
@Injectable()
export class AvailabilityService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly locations: LocationDirectory,
    private readonly rules: ChannelRuleBook,
    private readonly readModel: AvailabilityReadModel,
    private readonly feeds: ChannelFeeds,
  ) {}

  async forSku(principal: Principal, sku: string, requested?: Channel): Promise<SkuAvailability> {
    const channel = channelFor(principal, requested);
    const { rule, feeding } = this.feeds.of(principal, channel);
    const rows: FigureRow[] = await queryRows(
      this.tx.manager,
      `SELECT n.as_of AS "asOf", s.location_id AS "locationId", s.on_hand AS "onHand", s.reserved, s.safety_stock AS "safetyStock", s.damaged
       FROM (SELECT now() AS as_of) n
       LEFT JOIN stock_levels s ON s.sku = $1 AND s.location_id = ANY($2::text[])
       ORDER BY s.location_id`,
      [sku, [...feeding.keys()]],
    );
    const asOf = rows[0].asOf.toISOString();
    const levels = rows.filter((r): r is FigureRow & { locationId: string } => r.locationId !== null);
    const figures = channelAvailability(rule, this.rules.strategy, levels);
    return {
      sku,
      channel,
      available: figures.available,
      asOf,
      locations: figures.locations.map((f) => ({ ...f, type: (feeding.get(f.locationId) as LocationView).type, asOf })),
    };
  }

  /**
   * The batch read. From this replica's read model once it is usable (no SQL unless a sku is new to
   * it): each item's `asOf` is when its figures were last known true (the newest change applied, or
   * the load's snapshot), and the answer's `asOf` the newest of those. Before that, one statement.
   */
  async forSkus(principal: Principal, skus: readonly string[], requested?: Channel): Promise<BatchAvailability> {
    const channel = channelFor(principal, requested);
    const { rule, feeding, feedKey } = this.feeds.of(principal, channel);
    const unique = [...new Set(skus)];
    if (!this.readModel.usable) return this.forSkusFromSql(channel, rule, feeding, unique);
    const figures = await this.readModel.figures(unique);
    const strategy = this.rules.strategy;
    let newest = 0;
    const items = unique.map((sku) => {
      const entry = figures.get(sku) as SkuFigures;
      let total = entry.total;
      if (!total || total.rule !== rule || total.feedKey !== feedKey) {
        let available = 0;
        entry.levels.forEach((level, locationId) => {
          if (feeding.has(locationId)) available += strategy.availableToPromise(rule, sellable(level));
        });
        total = entry.total = { rule, feedKey, available, asOf: new Date(entry.asOf).toISOString() };
      }
      if (entry.asOf > newest) newest = entry.asOf;
      return { sku, available: total.available, asOf: total.asOf };
    });
    return { channel, asOf: new Date(newest).toISOString(), items };
  }

  private async forSkusFromSql(
    channel: Channel,
    rule: ChannelRule,
    feeding: ReadonlyMap<string, LocationView>,
    unique: string[],
  ): Promise<BatchAvailability> {
    const rows: Array<{ sku: string; available: number; asOf: Date }> = await queryRows(
      this.tx.manager,
      `SELECT q.sku, now() AS "asOf",
              COALESCE(SUM(${this.rules.strategy.availableToPromiseSql(sellableSql('s'), '$3')}), 0)::int AS available
       FROM unnest($1::text[]) AS q(sku)
       LEFT JOIN stock_levels s ON s.sku = q.sku AND s.location_id = ANY($2::text[])
       GROUP BY q.sku`,
      [unique, [...feeding.keys()], rule.safetyBuffer],
    );
    const bySku = new Map(rows.map((r) => [r.sku, r]));
    const asOf = (rows[0]?.asOf ?? new Date()).toISOString();
    return { channel, asOf, items: unique.map((sku) => ({ sku, available: bySku.get(sku)?.available ?? 0, asOf })) };
  }

  /** Stores near a point, nearest first, with what they can sell over the counter now. */
  async nearby(sku: string, query: NearbyQuery): Promise<{ sku: string; asOf: string; stores: NearbyStore[] }> {
    const stores = withinRadius(
      query,
      query.radiusKm ?? DEFAULT_RADIUS_KM,
      this.locations.all().filter((l) => l.type === 'store' && l.active),
    ).slice(0, query.limit ?? DEFAULT_NEARBY);
    const rows: FigureRow[] = await queryRows(
      this.tx.manager,
      `SELECT n.as_of AS "asOf", s.location_id AS "locationId", s.on_hand AS "onHand", s.reserved, s.safety_stock AS "safetyStock", s.damaged
       FROM (SELECT now() AS as_of) n
       LEFT JOIN stock_levels s ON s.sku = $1 AND s.location_id = ANY($2::text[])`,
      [sku, stores.map((s) => s.id)],
    );
    const asOf = rows[0].asOf.toISOString();
    const byLocation = new Map(rows.filter((r) => r.locationId).map((r) => [r.locationId, r]));
    return {
      sku,
      asOf,
      stores: stores.map((s) => {
        const level = byLocation.get(s.id);
        return {
          locationId: s.id,
          name: s.name,
          distanceKm: Math.round(s.distanceKm * 10) / 10,
          available: level ? sellable(level) : 0,
          bopis: s.capabilities.includes('bopis'),
          asOf,
        };
      }),
    };
  }
}
