import { Injectable } from '@nestjs/common';
import { HoldExpired, HoldExtended, HoldReleased, PROBLEMS, type Channel } from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import {
  mayActOnHold,
  notFoundProblem,
  principalKey,
  ProblemException,
  queryRows,
  TransactionHost,
  type IdempotencyClaim,
  type Principal,
} from '@omni/platform';
import { Subject } from 'rxjs';
import { QueryFailedError } from 'typeorm';
import { channelFor } from '../channels/channel-access';
import { ChannelFeeds, type ChannelFeed } from '../channels/channel-feeds';
import { LevelStore } from '../stock/level-store';
import type { CreateHoldDto, HoldView } from './dto/hold.dto';
import { Hold } from './hold.entity';
import { HoldChangelog } from './hold-changelog';
import { HoldCoalescer } from './hold-coalescer';
import { HoldRecorder, type NewHold } from './hold-recorder';
import { HoldTaker } from './hold-taker';
import { DEFAULT_TTL_SECONDS, holdSucceeds, type LineRequest } from './holds.rules';

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
      .map((l) => ({
        lineNo: l.lineNo,
        sku: l.sku,
        locationId: l.locationId,
        requested: l.requested,
        held: l.held,
        shortfall: l.requested - l.held,
      })),
  };
}

@Injectable()
export class HoldsService {
  /** When each hold this replica makes expires: its sweeper sleeps until the next one instead of polling. */
  readonly expiries = new Subject<Date>();

  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly levels: LevelStore,
    private readonly taker: HoldTaker,
    private readonly recorder: HoldRecorder,
    private readonly coalescer: HoldCoalescer,
    private readonly feeds: ChannelFeeds,
    private readonly changelog: HoldChangelog,
  ) {}

  /**
   * All lines held, or (unless partial holds are allowed) nothing held and a 409 listing each line's
   * shortfall. Holds whose lines all name their location are coalesced with concurrent ones into one
   * transaction; the others (and any the coalescer hands back) run in a transaction of their own.
   */
  async create(principal: Principal, dto: CreateHoldDto, claim?: IdempotencyClaim): Promise<HoldView> {
    const channel = channelFor(principal, dto.channel);
    const feed = this.feeds.of(principal, channel);
    const allowPartial = dto.allowPartial ?? false;
    const lines = dto.lines.map((l, i) => ({ lineNo: i + 1, sku: l.sku, qty: l.qty, locationId: l.locationId }));
    // The owner is the principal's identity, not its subject: two stores sharing a login do not share holds.
    const request: NewHold = {
      channel,
      principal: principalKey(principal),
      allowPartial,
      ttlSeconds: dto.ttlSeconds ?? DEFAULT_TTL_SECONDS,
    };
    const pinned = lines.every((l) => l.locationId && feed.feeding.has(l.locationId));
    const hold = await this.coalescer.runOr(pinned ? { request, lines, feed } : null, claim, () =>
      this.createAlone(request, lines, feed),
    );
    this.expiries.next(new Date(hold.expiresAt));
    return hold;
  }

  private async createAlone(request: NewHold, lines: LineRequest[], feed: ChannelFeed): Promise<HoldView> {
    try {
      return await this.tx.run(async () => {
        const taken = await this.taker.take(lines, feed, request.allowPartial);
        if (!holdSucceeds(taken.outcomes, request.allowPartial))
          throw await this.taker.refusal(lines, taken.outcomes, feed);
        const [hold] = await this.recorder.insert([{ request, outcomes: taken.outcomes }]);
        this.recorder.announce([{ view: hold, principal: request.principal }], taken.touched);
        return hold;
      });
    } catch (error) {
      if (error instanceof QueryFailedError && RETRYABLE.has((error.driverError as { code?: string }).code ?? '')) {
        throw new ProblemException(
          PROBLEMS.retryable,
          'the hold collided with a concurrent one; retry it with the same Idempotency-Key',
        );
      }
      throw error;
    }
  }

  async get(principal: Principal, id: string): Promise<HoldView> {
    return toHoldView(await this.owned(principal, id, false));
  }

  extend(principal: Principal, id: string, ttlSeconds: number): Promise<HoldView> {
    return this.tx.run(async (m) => {
      const hold = await this.owned(principal, id, true);
      const [row]: Array<{ expiresAt: Date }> = await queryRows(
        m,
        `UPDATE holds SET expires_at = now() + make_interval(secs => $2) WHERE id = $1 AND status = 'active' AND expires_at > now() RETURNING expires_at AS "expiresAt"`,
        [id, ttlSeconds],
      );
      if (!row) throw this.notActive(hold, 'extended');
      hold.expiresAt = row.expiresAt;
      this.events.publish(HoldExtended, id, { holdId: id, expiresAt: hold.expiresAt.toISOString() });
      await this.changelog.publishCurrent([id]);
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

  /** Whether any active hold has expired: one plain read, so an idle sweep opens no transaction. */
  /** Milliseconds (by the database's clock) until the next active hold expires, 0 if one is due; null if none is active. */
  async msToNextExpiry(): Promise<number | null> {
    const [row]: Array<{ ms: number | null }> = await this.tx.manager.query(
      `SELECT (EXTRACT(EPOCH FROM min(expires_at) - now()) * 1000)::float8 AS ms FROM holds WHERE status = 'active'`,
    );
    return row.ms === null ? null : Math.max(0, row.ms);
  }

  /** Ends a batch of holds past their expiry; replicas share the work through SKIP LOCKED. */
  expireDue(batch: number): Promise<number> {
    return this.tx.run(async (m) => {
      const due: EndingHold[] = await queryRows(
        m,
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
    const lines: ReservingLine[] = await queryRows(
      m,
      `UPDATE hold_lines SET reserved = 0 FROM (SELECT hold_id, line_no, reserved FROM hold_lines WHERE hold_id = ANY($1::uuid[]) AND reserved > 0) old
       WHERE hold_lines.hold_id = old.hold_id AND hold_lines.line_no = old.line_no
       RETURNING hold_lines.hold_id AS "holdId", hold_lines.line_no AS "lineNo", hold_lines.sku, hold_lines.location_id AS "locationId", old.reserved`,
      [ids],
    );
    await queryRows(m, `UPDATE holds SET status = $2, ended_at = now() WHERE id = ANY($1::uuid[])`, [ids, status]);
    await this.levels.shiftReserved(
      lines.map((l) => ({ sku: l.sku, locationId: l.locationId, reservedDelta: -l.reserved })),
    );
    const definition = status === 'expired' ? HoldExpired : HoldReleased;
    for (const hold of holds) {
      const own = lines.filter((l) => l.holdId === hold.id).sort((a, b) => a.lineNo - b.lineNo);
      this.events.publish(definition, hold.id, {
        holdId: hold.id,
        channel: hold.channel,
        lines: own.map((l) => ({ lineNo: l.lineNo, sku: l.sku, locationId: l.locationId, qty: l.reserved })),
      });
    }
    await this.changelog.publishCurrent(ids);
  }

  private async owned(principal: Principal, id: string, lock: boolean): Promise<Hold> {
    const repo = this.tx.manager.getRepository(Hold);
    if (lock) await queryRows(this.tx.manager, `SELECT 1 FROM holds WHERE id = $1 FOR UPDATE`, [id]);
    const hold = await repo.findOne({ where: { id }, relations: { lines: true } });
    if (!hold || !mayActOnHold(principal, hold.principal)) throw notFoundProblem('hold', id);
    return hold;
  }

  private notActive(hold: Hold, verb: string): ProblemException {
    const status = hold.status === 'active' ? 'expired' : hold.status;
    return new ProblemException(PROBLEMS.holdState, `hold "${hold.id}" is ${status} and cannot be ${verb}`, {
      holdStatus: status,
    });
  }
}
