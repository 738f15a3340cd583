import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@omni/platform';
import { localDay, remainingCapacity, type CapacityState } from './capacity.rules';
import type { CapacityView, PutCapacityDto } from './dto/capacity.dto';
import { LocationSettings } from './location-settings.entity';

/** One new fulfilment order counted against a location's day. */
export interface CapacityClaim {
  locationId: string;
  day: string;
}

const MAX_INT = 2_147_483_647;
/** Fulfilment orders opened at location $1 since local midnight of day $2 in time zone $3. */
const OPENED_TODAY = `SELECT count(*)::int FROM fulfilment_orders WHERE location_id = $1 AND created_at >= ($2::date)::timestamp AT TIME ZONE $3`;

@Injectable()
export class CapacityService {
  constructor(private readonly tx: TransactionHost) {}

  /**
   * Counts one new order per entry at each (limited) location, all or nothing: a location whose limit was
   * reached meanwhile (another order took the last slot) is returned as refused and nothing is kept.
   * Rows are locked in location order so concurrent claims cannot deadlock.
   */
  claim(
    locations: ReadonlyArray<{ locationId: string; timezone: string }>,
    now: Date,
  ): Promise<{ claims: CapacityClaim[]; refused: string[] }> {
    return this.tx.run(async (m) => {
      const wanted = [...locations]
        .sort((a, b) => a.locationId.localeCompare(b.locationId))
        .map((l) => ({ locationId: l.locationId, day: localDay(now, l.timezone) }));
      const claims: CapacityClaim[] = [];
      const refused: string[] = [];
      for (const c of wanted) {
        const rows: unknown[] = await m.query(
          `INSERT INTO capacity_usage AS u (location_id, day, used)
           SELECT $1, $2::date, 1 WHERE coalesce((SELECT daily_order_limit FROM location_settings WHERE location_id = $1), $3) >= 1
           ON CONFLICT (location_id, day) DO UPDATE SET used = u.used + 1
           WHERE NOT u.closed AND u.used + 1 <= coalesce((SELECT daily_order_limit FROM location_settings WHERE location_id = $1), $3)
           RETURNING used`,
          [c.locationId, c.day, MAX_INT],
        );
        if (rows.length) claims.push(c);
        else refused.push(c.locationId);
      }
      if (refused.length) {
        await this.giveBack(claims);
        return { claims: [], refused };
      }
      return { claims, refused };
    });
  }

  /** Compensation for claim(): the orders did not happen at these locations after all. */
  giveBack(claims: readonly CapacityClaim[]): Promise<void> {
    return this.tx.run(async (m) => {
      const sorted = [...claims].sort((a, b) => a.locationId.localeCompare(b.locationId) || a.day.localeCompare(b.day));
      for (const c of sorted) {
        await m.query(
          `UPDATE capacity_usage SET used = greatest(0, used - 1) WHERE location_id = $1 AND day = $2::date`,
          [c.locationId, c.day],
        );
      }
    });
  }

  /** Staff said the location cannot take more today: no new work until its local midnight. */
  closeForToday(locationId: string, now: Date): Promise<void> {
    return this.tx.run(async (m) => {
      const { day } = await this.dayAt(locationId, now);
      await m.query(
        `INSERT INTO capacity_usage (location_id, day, closed) VALUES ($1, $2::date, true)
         ON CONFLICT (location_id, day) DO UPDATE SET closed = true`,
        [locationId, day],
      );
    });
  }

  /**
   * Sets the limit. Orders are counted only where a limit exists, so a new limit starts from the
   * fulfilment orders the location already opened today.
   */
  put(locationId: string, body: PutCapacityDto, now: Date): Promise<{ view: CapacityView; created: boolean }> {
    return this.tx.run(async (m) => {
      const existed = await m.findOne(LocationSettings, { where: { locationId }, lock: { mode: 'pessimistic_write' } });
      await m.upsert(
        LocationSettings,
        {
          locationId,
          dailyOrderLimit: body.dailyOrderLimit,
          sameDayCutoff: body.sameDayCutoff ?? null,
          updatedAt: now,
        },
        ['locationId'],
      );
      if (body.dailyOrderLimit !== null) {
        const { day, timezone } = await this.dayAt(locationId, now);
        await m.query(
          `INSERT INTO capacity_usage AS u (location_id, day, used) VALUES ($1, $2::date, (${OPENED_TODAY}))
           ON CONFLICT (location_id, day) DO UPDATE SET used = greatest(u.used, EXCLUDED.used)`,
          [locationId, day, timezone],
        );
      }
      return { view: await this.view(locationId, now), created: !existed };
    });
  }

  async view(locationId: string, now: Date): Promise<CapacityView> {
    const { day, timezone } = await this.dayAt(locationId, now);
    const [row] = (await this.tx.manager.query(
      `SELECT s.daily_order_limit AS "limit", s.same_day_cutoff AS cutoff, u.used, coalesce(u.closed, false) AS closed, (${OPENED_TODAY})::int AS opened
       FROM (SELECT $1::text AS id) k
       LEFT JOIN location_settings s ON s.location_id = k.id
       LEFT JOIN capacity_usage u ON u.location_id = k.id AND u.day = $2::date`,
      [locationId, day, timezone],
    )) as Array<{ limit: number | null; cutoff: string | null; used: number | null; closed: boolean; opened: number }>;
    const state: CapacityState = {
      limit: row.limit,
      used: row.limit === null ? row.opened : (row.used ?? 0),
      full: row.closed,
      cutoff: row.cutoff,
    };
    const remaining = remainingCapacity(state);
    return {
      locationId,
      dailyOrderLimit: state.limit,
      sameDayCutoff: state.cutoff,
      today: {
        day,
        timezone,
        used: state.used,
        closed: state.full,
        remaining: Number.isFinite(remaining) ? remaining : null,
      },
    };
  }

  private async dayAt(locationId: string, now: Date): Promise<{ day: string; timezone: string }> {
    const [known] = (await this.tx.manager.query(`SELECT timezone FROM locations WHERE id = $1`, [
      locationId,
    ])) as Array<{ timezone: string }>;
    const timezone = known?.timezone ?? 'UTC';
    return { day: localDay(now, timezone), timezone };
  }
}
