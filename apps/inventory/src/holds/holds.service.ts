import { randomUUID } from 'node:crypto';
import { HttpStatus, Injectable } from '@nestjs/common';
import { HoldExpired, HoldExtended, HoldReleased, StockHeld, type Channel } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { type Principal, ProblemException, queryRows, TransactionHost } from '@omni/platform';
import { QueryFailedError } from 'typeorm';
import { channelFor, ownLocationsOf } from '../channels/channel-access';
import { ChannelRuleBook } from '../channels/channel-rule-book';
import { feedingLocations, type ChannelRule } from '../channels/channels.rules';
import { LocationDirectory } from '../locations/location-directory';
import { LevelStore, type LevelRow } from '../stock/level-store';
import type { CreateHoldDto, HoldView } from './dto/hold.dto';
import { Hold } from './hold.entity';
import { HoldTaker, type Feed } from './hold-taker';
import { DEFAULT_TTL_SECONDS, holdSucceeds, outcome, type LineOutcome } from './holds.rules';

interface NewHold {
  channel: Channel;
  principal: string;
  allowPartial: boolean;
  ttlSeconds: number;
}

interface EndingHold {
  id: string;
  channel: Channel;
}

interface ReservingLine {
  holdId: string;
  lineNo: number;
  sku: string;
  locationId: string;
  reserved: number;
}

// Serialization failure and deadlock: the transaction is gone, but the same request will succeed on retry.
const RETRYABLE = new Set(['40001', '40P01']);

export function toHoldView(hold: Hold): HoldView {
  return {
    id: hold.id,
    channel: hold.channel,
    status: hold.status,
    expiresAt: hold.expiresAt.toISOString(),
    createdAt: hold.createdAt.toISOString(),
    lines: [...hold.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId, requested: l.requested, held: l.held, shortfall: l.requested - l.held })),
  };
}

@Injectable()
export class HoldsService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly levels: LevelStore,
    private readonly taker: HoldTaker,
    private readonly locations: LocationDirectory,
    private readonly rules: ChannelRuleBook,
  ) {}

  /** All lines held, or (unless partial holds are allowed) nothing held and a 409 listing each line's shortfall. */
  async create(principal: Principal, dto: CreateHoldDto): Promise<HoldView> {
    const channel = channelFor(principal, dto.channel);
    const feed = this.feedFor(principal, channel);
    const allowPartial = dto.allowPartial ?? false;
    const lines = dto.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, qty: l.qty, locationId: l.locationId }));
    const request: NewHold = { channel, principal: principal.sub, allowPartial, ttlSeconds: dto.ttlSeconds ?? DEFAULT_TTL_SECONDS };
    const allPinned = !allowPartial && lines.every((l) => l.locationId && feed.locations.has(l.locationId));
    try {
      return await this.tx.run(async () => {
        if (allPinned) {
          // Where every line names its location the outcome is known in advance: record the hold first and take
          // the stock just before commit, so a hot sku x location row stays locked for the shortest time.
          const hold = await this.insertHold(request, lines.map((l) => outcome(l, l.qty, l.locationId ?? null)));
          this.tx.beforeCommit(async () => {
            const taken = await this.taker.take(lines, feed, false);
            if (!holdSucceeds(taken.outcomes, false)) throw await this.taker.refusal(lines, taken.outcomes, feed);
            this.announce(hold, request.principal, taken.touched);
          });
          return hold;
        }
        const taken = await this.taker.take(lines, feed, allowPartial);
        if (!holdSucceeds(taken.outcomes, allowPartial)) throw await this.taker.refusal(lines, taken.outcomes, feed);
        const hold = await this.insertHold(request, taken.outcomes);
        this.announce(hold, request.principal, taken.touched);
        return hold;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && RETRYABLE.has((error.driverError as { code?: string }).code ?? '')) {
        throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, 'Service Unavailable', 'the hold collided with a concurrent one; retry it with the same Idempotency-Key', {
          type: 'urn:omni:problem:retryable',
        });
      }
      throw error;
    }
  }

  private async insertHold(request: NewHold, outcomes: readonly LineOutcome[]): Promise<HoldView> {
    const id = randomUUID();
    const [{ expiresAt, createdAt }] = await queryRows<{ expiresAt: Date; createdAt: Date }>(
      this.tx.manager,
      `WITH hold AS (
         INSERT INTO holds (id, channel, principal, status, allow_partial, expires_at)
         VALUES ($1, $2, $3, 'active', $4, now() + make_interval(secs => $5))
         RETURNING expires_at, created_at
       ), lines AS (
         INSERT INTO hold_lines (hold_id, line_no, sku, location_id, requested, held, reserved)
         SELECT $1::uuid, t.line_no, t.sku, t.location_id, t.requested, t.held, t.held
         FROM unnest($6::int[], $7::text[], $8::text[], $9::int[], $10::int[]) AS t(line_no, sku, location_id, requested, held)
       )
       SELECT expires_at AS "expiresAt", created_at AS "createdAt" FROM hold`,
      [
        id,
        request.channel,
        request.principal,
        request.allowPartial,
        request.ttlSeconds,
        outcomes.map((o) => o.lineNo),
        outcomes.map((o) => o.sku),
        outcomes.map((o) => o.locationId),
        outcomes.map((o) => o.requested),
        outcomes.map((o) => o.held),
      ],
    );
    return {
      id,
      channel: request.channel,
      status: 'active',
      expiresAt: expiresAt.toISOString(),
      createdAt: createdAt.toISOString(),
      lines: outcomes.map(({ lineNo, sku, locationId, requested, held, shortfall }) => ({ lineNo, sku, locationId, requested, held, shortfall })),
    };
  }

  private announce(hold: HoldView, principal: string, touched: readonly LevelRow[]): void {
    this.levels.announce(touched);
    const held = hold.lines.filter((l) => l.held > 0).map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId as string, qty: l.held }));
    this.events.publish(StockHeld, hold.id, { holdId: hold.id, channel: hold.channel, principal, lines: held, expiresAt: hold.expiresAt });
  }

  async get(principal: Principal, id: string): Promise<HoldView> {
    return toHoldView(await this.owned(principal, id, false));
  }

  extend(principal: Principal, id: string, ttlSeconds: number): Promise<HoldView> {
    return this.tx.run(async (m) => {
      const hold = await this.owned(principal, id, true);
      const [row]: Array<{ expiresAt: Date }> = await queryRows(m,
        `UPDATE holds SET expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'active' AND expires_at > now() RETURNING expires_at AS "expiresAt"`,
        [id, ttlSeconds],
      );
      if (!row) throw this.notActive(hold, 'extended');
      hold.expiresAt = row.expiresAt;
      this.events.publish(HoldExtended, id, { holdId: id, expiresAt: hold.expiresAt.toISOString() });
      return toHoldView(hold);
    });
  }

  /** Gives the stock back; releasing a released hold again changes nothing. */
  release(principal: Principal, id: string): Promise<HoldView> {
    return this.tx.run(async () => {
      const hold = await this.owned(principal, id, true);
      if (hold.status === 'released') return toHoldView(hold);
      if (hold.status !== 'active') throw this.notActive(hold, 'released');
      await this.end([hold], 'released');
      return toHoldView(await this.owned(principal, id, false));
    });
  }

  /** Ends a batch of holds past their expiry; replicas share the work through SKIP LOCKED. */
  expireDue(batch: number): Promise<number> {
    return this.tx.run(async (m) => {
      const due: EndingHold[] = await queryRows(m,
        `SELECT id, channel FROM holds WHERE status = 'active' AND expires_at <= now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batch],
      );
      if (due.length) await this.end(due, 'expired');
      return due.length;
    });
  }

  /** Returns what the holds still reserve; the caller has locked the hold rows. */
  async end(holds: readonly EndingHold[], status: 'released' | 'expired'): Promise<void> {
    const m = this.tx.manager;
    const ids = holds.map((h) => h.id);
    const lines: ReservingLine[] = await queryRows(m,
      `UPDATE hold_lines SET reserved = 0 FROM (SELECT hold_id, line_no, reserved FROM hold_lines WHERE hold_id = ANY($1::uuid[]) AND reserved > 0) old
       WHERE hold_lines.hold_id = old.hold_id AND hold_lines.line_no = old.line_no
       RETURNING hold_lines.hold_id AS "holdId", hold_lines.line_no AS "lineNo", hold_lines.sku, hold_lines.location_id AS "locationId", old.reserved`,
      [ids],
    );
    await queryRows(m, `UPDATE holds SET status = $2, ended_at = now() WHERE id = ANY($1::uuid[])`, [ids, status]);
    await this.levels.shiftReserved(lines.map((l) => ({ sku: l.sku, locationId: l.locationId, reservedDelta: -l.reserved })));
    const definition = status === 'expired' ? HoldExpired : HoldReleased;
    for (const hold of holds) {
      const own = lines.filter((l) => l.holdId === hold.id).sort((a, b) => a.lineNo - b.lineNo);
      this.events.publish(definition, hold.id, {
        holdId: hold.id,
        channel: hold.channel,
        lines: own.map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId, qty: l.reserved })),
      });
    }
  }

  private feedFor(principal: Principal, channel: Channel): Feed {
    const rule: ChannelRule = this.rules.ruleFor(channel);
    const own = ownLocationsOf(principal);
    return { rule, own, locations: new Map(feedingLocations(rule, this.locations.all(), own, this.rules.strategy).map((l) => [l.id, l])) };
  }

  private async owned(principal: Principal, id: string, lock: boolean): Promise<Hold> {
    const repo = this.tx.manager.getRepository(Hold);
    if (lock) await queryRows(this.tx.manager, `SELECT 1 FROM holds WHERE id = $1 FOR UPDATE`, [id]);
    const hold = await repo.findOne({ where: { id }, relations: { lines: true } });
    if (!hold || (principal.role !== 'admin' && hold.principal !== principal.sub)) {
      throw new ProblemException(HttpStatus.NOT_FOUND, 'Not Found', `hold "${id}" does not exist`);
    }
    return hold;
  }

  private notActive(hold: Hold, verb: string): ProblemException {
    const status = hold.status === 'active' ? 'expired' : hold.status;
    return new ProblemException(HttpStatus.CONFLICT, 'Conflict', `hold "${hold.id}" is ${status} and cannot be ${verb}`, { status });
  }
}
