import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { StockHeld, type Channel } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { queryRows, TransactionHost, unnestColumns } from '@omni/platform';
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
    const newHolds = unnestColumns(
      't',
      { id: 'uuid', channel: 'text', principal: 'text', allow_partial: 'bool', ttl: 'int' },
      holds.map(({ request }, i) => ({
        id: ids[i],
        channel: request.channel,
        principal: request.principal,
        allow_partial: request.allowPartial,
        ttl: request.ttlSeconds,
      })),
    );
    const newLines = unnestColumns(
      't',
      { hold_id: 'uuid', line_no: 'int', sku: 'text', location_id: 'text', requested: 'int', held: 'int' },
      holds.flatMap((h, i) =>
        h.outcomes.map((o) => ({
          hold_id: ids[i],
          line_no: o.lineNo,
          sku: o.sku,
          location_id: o.locationId,
          requested: o.requested,
          held: o.held,
        })),
      ),
      { from: newHolds.next },
    );
    const rows = await queryRows<{ id: string; expiresAt: Date; createdAt: Date }>(
      this.tx.manager,
      `WITH hold AS (
         INSERT INTO holds (id, channel, principal, status, allow_partial, expires_at)
         SELECT t.id, t.channel, t.principal, 'active', t.allow_partial, now() + make_interval(secs => t.ttl)
         FROM ${newHolds.sql}
         RETURNING id, expires_at, created_at
       ), lines AS (
         INSERT INTO hold_lines (hold_id, line_no, sku, location_id, requested, held, reserved)
         SELECT t.hold_id, t.line_no, t.sku, t.location_id, t.requested, t.held, t.held
         FROM ${newLines.sql}
       )
       SELECT id, expires_at AS "expiresAt", created_at AS "createdAt" FROM hold`,
      [...newHolds.params, ...newLines.params],
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
        lines: h.outcomes.map(({ lineNo, sku, locationId, requested, held, shortfall }) => ({
          lineNo,
          sku,
          locationId,
          requested,
          held,
          shortfall,
        })),
      };
    });
  }

  /** The levels the holds changed, and one stock-held (and its changelog state) per hold. */
  announce(holds: ReadonlyArray<{ view: HoldView; principal: string }>, touched: readonly LevelRow[]): void {
    this.levels.announce(touched);
    for (const { view, principal } of holds) {
      const held = view.lines
        .filter((l) => l.held > 0)
        .map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId as string, qty: l.held }));
      this.events.publish(StockHeld, view.id, {
        holdId: view.id,
        channel: view.channel,
        principal,
        lines: held,
        expiresAt: view.expiresAt,
      });
      this.changelog.publish([
        { holdId: view.id, channel: view.channel, principal, status: 'active', lines: held, expiresAt: view.expiresAt },
      ]);
    }
  }
}
