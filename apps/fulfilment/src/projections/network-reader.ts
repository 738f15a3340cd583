import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { localDay, type CapacityState } from '../capacity/capacity.rules';
import type { KnownLocation, NetworkSnapshot } from '../sourcing/sourcing.model';

interface CapacityRow {
  locationId: string;
  limit: number | null;
  cutoff: string | null;
  day: string | null;
  used: number | null;
  full: boolean | null;
}

type Units = Map<string, Map<string, number>>;

interface UnitsRow {
  sku: string;
  locationId: string;
  qty: number;
}

function add(units: Units, sku: string, locationId: string, qty: number): void {
  const at = units.get(sku) ?? new Map<string, number>();
  at.set(locationId, (at.get(locationId) ?? 0) + qty);
  units.set(sku, at);
}

/** Reads the network as sourcing sees it: known locations, stock of the order's SKUs, the order's hold, capacity today. */
@Injectable()
export class NetworkReader {
  constructor(private readonly tx: TransactionHost) {}

  async read(skus: readonly string[], holdId: string | null, now: Date): Promise<NetworkSnapshot> {
    // One round trip: sourcing runs on every placed order.
    const [row] = (await this.tx.manager.query(
      `SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'type', type, 'name', name, 'postalCode', postal_code, 'city', city, 'country', country,
                   'lat', lat, 'lng', lng, 'timezone', timezone, 'capabilities', capabilities, 'active', active)), '[]') FROM locations) AS locations,
         (SELECT coalesce(json_agg(json_build_object('sku', sku, 'locationId', location_id, 'qty', sellable)), '[]')
            FROM stock_positions WHERE sku = ANY($1::text[])) AS positions,
         coalesce((SELECT lines FROM holds WHERE hold_id = $2), '[]') AS held,
         -- Yesterday to tomorrow covers every time zone's "today".
         (SELECT coalesce(json_agg(json_build_object('locationId', coalesce(s.location_id, u.location_id), 'limit', s.daily_order_limit,
                   'cutoff', s.same_day_cutoff, 'day', to_char(u.day, 'YYYY-MM-DD'), 'used', u.used, 'full', u.closed)), '[]')
            FROM location_settings s
            FULL JOIN (SELECT * FROM capacity_usage WHERE day BETWEEN current_date - 1 AND current_date + 1) u ON u.location_id = s.location_id) AS capacity`,
      [skus, holdId],
    )) as Array<{ locations: KnownLocation[]; positions: UnitsRow[]; held: UnitsRow[]; capacity: CapacityRow[] }>;
    const { locations, positions, held, capacity } = row;
    const stock: Units = new Map();
    for (const p of positions) add(stock, p.sku, p.locationId, p.qty);
    const heldUnits: Units = new Map();
    for (const h of held) {
      add(heldUnits, h.sku, h.locationId, h.qty);
      add(stock, h.sku, h.locationId, h.qty);
    }
    return { locations, stock, held: heldUnits, capacity: capacityToday(capacity, locations, now) };
  }
}

function capacityToday(
  rows: readonly CapacityRow[],
  locations: readonly KnownLocation[],
  now: Date,
): Map<string, CapacityState> {
  const zones = new Map(locations.map((l) => [l.id, l.timezone]));
  const states = new Map<string, CapacityState>();
  for (const r of rows) {
    const today = localDay(now, zones.get(r.locationId) ?? 'UTC');
    const state = states.get(r.locationId) ?? { limit: null, used: 0, full: false, cutoff: null };
    if (r.limit !== null) state.limit = r.limit;
    if (r.cutoff !== null) state.cutoff = r.cutoff;
    if (r.day === today) {
      state.used = r.used ?? 0;
      state.full = r.full ?? false;
    }
    states.set(r.locationId, state);
  }
  return states;
}
