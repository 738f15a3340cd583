import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { StockHeld, type Channel } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost } from '@omni/platform';
import { LevelStore, type LevelRow } from '../stock/level-store';
import type { HoldView } from './dto/hold.dto';
import { HoldChangelog } from './hold-changelog';
import type { LineOutcome } from './holds.rules';

export interface NewHold {
  channel: Channel;
  principal: string;
  allowPartial: boolean;
  ttlSeconds: number;
}

export interface TakenHold {
  request: NewHold;
  outcomes: readonly LineOutcome[];
}

/** Writes holds that have their stock, and tells the rest of the system: one statement however many holds. */
@Injectable()
export class HoldRecorder {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly levels: LevelStore,
    private readonly changelog: HoldChangelog,
  ) {}

  async insert(holds: readonly TakenHold[]): Promise<HoldView[]> {
    if (!holds.length) return [];
    const ids = holds.map(() => randomUUID());
    const lines = holds.flatMap((h, i) => h.outcomes.map((o) => ({ holdId: ids[i], ...o })));
    const rows = await queryRows<{ id: string; expiresAt: Date; createdAt: Date }>(
      this.tx.manager,
      `WITH hold AS (
         INSERT INTO holds (id, channel, principal, status, allow_partial, expires_at)
         SELECT t.id, t.channel, t.principal, 'active', t.allow_partial, now() + make_interval(secs => t.ttl)
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bool[], $5::int[]) AS t(id, channel, principal, allow_partial, ttl)
         RETURNING id, expires_at, created_at
       ), lines AS (
         INSERT INTO hold_lines (hold_id, line_no, sku, location_id, requested, held, reserved)
         SELECT t.hold_id, t.line_no, t.sku, t.location_id, t.requested, t.held, t.held
         FROM unnest($6::uuid[], $7::int[], $8::text[], $9::text[], $10::int[], $11::int[]) AS t(hold_id, line_no, sku, location_id, requested, held)
       )
       SELECT id, expires_at AS "expiresAt", created_at AS "createdAt" FROM hold`,
      [
        ids,
        holds.map((h) => h.request.channel),
        holds.map((h) => h.request.principal),
        holds.map((h) => h.request.allowPartial),
        holds.map((h) => h.request.ttlSeconds),
        lines.map((l) => l.holdId),
        lines.map((l) => l.lineNo),
        lines.map((l) => l.sku),
        lines.map((l) => l.locationId),
        lines.map((l) => l.requested),
        lines.map((l) => l.held),
      ],
    );
    const written = new Map(rows.map((r) => [r.id, r]));
    return holds.map((h, i) => {
      const { expiresAt, createdAt } = written.get(ids[i]) as { expiresAt: Date; createdAt: Date };
      return {
        id: ids[i],
        channel: h.request.channel,
        status: 'active',
        expiresAt: expiresAt.toISOString(),
        createdAt: createdAt.toISOString(),
        lines: h.outcomes.map(({ lineNo, sku, locationId, requested, held, shortfall }) => ({ lineNo, sku, locationId, requested, held, shortfall })),
      };
    });
  }

  /** The levels the holds changed, and one stock-held (and its changelog state) per hold. */
  announce(holds: ReadonlyArray<{ view: HoldView; principal: string }>, touched: readonly LevelRow[]): void {
    this.levels.announce(touched);
    for (const { view, principal } of holds) {
      const held = view.lines.filter((l) => l.held > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId as string, qty: l.held }));
      this.events.publish(StockHeld, view.id, { holdId: view.id, channel: view.channel, principal, lines: held, expiresAt: view.expiresAt });
      this.changelog.publish([{ holdId: view.id, channel: view.channel, principal, status: 'active', lines: held, expiresAt: view.expiresAt }]);
    }
  }
}
