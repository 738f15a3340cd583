import { Injectable } from '@nestjs/common';
import type { HoldEndedV1, LocationChangedV1, StockHeldV1, StockLevelChangedV1 } from '@omni/contracts';
import { TransactionHost } from '@omni/platform';

/**
 * Fulfilment's own view of inventory, kept from its events (a service never reads another's tables).
 * Events of one location or SKU arrive in order, but a replay or a redelivery may bring an older
 * figure: each upsert keeps the newest by inventory's own timestamp.
 */
@Injectable()
export class ProjectionsService {
  constructor(private readonly tx: TransactionHost) {}

  applyLocation(l: LocationChangedV1): Promise<void> {
    return this.tx.run(async (m) => {
      await m.query(
        `INSERT INTO locations (id, type, name, address, postal_code, city, country, lat, lng, timezone, capabilities, active, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (id) DO UPDATE SET type = EXCLUDED.type, name = EXCLUDED.name, address = EXCLUDED.address,
           postal_code = EXCLUDED.postal_code, city = EXCLUDED.city, country = EXCLUDED.country, lat = EXCLUDED.lat, lng = EXCLUDED.lng,
           timezone = EXCLUDED.timezone, capabilities = EXCLUDED.capabilities, active = EXCLUDED.active, updated_at = EXCLUDED.updated_at
         WHERE locations.updated_at <= EXCLUDED.updated_at`,
        [l.id, l.type, l.name, JSON.stringify(l.address), l.address.postalCode, l.address.city, l.address.country, l.lat, l.lng, l.timezone, l.capabilities, l.active, l.updatedAt],
      );
    });
  }

  applyStockLevel(s: StockLevelChangedV1): Promise<void> {
    return this.tx.run(async (m) => {
      await m.query(
        `INSERT INTO stock_positions (sku, location_id, sellable, as_of) VALUES ($1, $2, $3, $4)
         ON CONFLICT (sku, location_id) DO UPDATE SET sellable = EXCLUDED.sellable, as_of = EXCLUDED.as_of
         WHERE stock_positions.as_of <= EXCLUDED.as_of`,
        [s.sku, s.locationId, s.sellable, s.asOf],
      );
    });
  }

  /** A cart hold's stock converts into its order's allocation, so sourcing counts it as that order's. */
  applyHold(h: StockHeldV1): Promise<void> {
    return this.tx.run(async (m) => {
      if (!h.lines.length) return;
      await m.query(
        `INSERT INTO hold_lines (hold_id, line_no, sku, location_id, qty)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::int[])
         ON CONFLICT (hold_id, line_no) DO UPDATE SET sku = EXCLUDED.sku, location_id = EXCLUDED.location_id, qty = EXCLUDED.qty`,
        [h.holdId, h.lines.map((l) => l.lineNo), h.lines.map((l) => l.sku), h.lines.map((l) => l.locationId), h.lines.map((l) => l.qty)],
      );
    });
  }

  dropHold(h: Pick<HoldEndedV1, 'holdId'>): Promise<void> {
    return this.tx.run(async (m) => {
      await m.query(`DELETE FROM hold_lines WHERE hold_id = $1`, [h.holdId]);
    });
  }
}
