import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CancelRequested,
  OrderCancelled,
  OrderPlaced,
  PROBLEMS,
  type EventEnvelope,
  type OrderPlacedV1,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import {
  forbiddenProblem,
  insertPart,
  principalKey,
  ProblemException,
  TransactionHost,
  writeTogether,
  type Principal,
  type StatementPart,
} from '@omni/platform';
import type { HoldRefusal } from '../holds/holds.rules';
import { HoldsService } from '../holds/holds.service';
import { LocationsService, type PickupRequest } from '../locations/locations.service';
import { InventoryView } from '../projections/inventory-view';
import { SkusService } from '../skus/skus.service';
import { Journey } from '../status/journey';
import type { LineStatus } from '../status/status.rules';
import type { CancelOrderDto } from './dto/cancel-order.dto';
import type { PlaceOrderDto } from './dto/place-order.dto';
import { OrderReader, orderNotFound } from './order-reader';
import { toOrderView, type OrderView } from './order-view';
import { OrderLine } from './order-line.entity';
import { Order } from './order.entity';
import { initialLocationIds, mayPlaceFor, mayView, planCancel } from './orders.rules';
import { judgePlacement, lineWaitDetail } from './pending.rules';
import { PendingStore } from './pending-store';
import { HoldArrival } from './hold-arrival';
import { PlacementFacts } from './placement-facts';
import { PendingSweeper } from './pending-sweeper';

/** Placing and cancelling orders: each one transaction with the event it publishes. */
@Injectable()
export class OrdersService {
  constructor(
    private readonly tx: TransactionHost,
    private readonly events: EventPublisher,
    private readonly journey: Journey,
    private readonly locations: LocationsService,
    private readonly holds: HoldsService,
    private readonly reader: OrderReader,
    private readonly view: InventoryView,
    private readonly waits: PendingStore,
    private readonly sweeper: PendingSweeper,
    private readonly skus: SkusService,
    private readonly facts: PlacementFacts,
    private readonly holdArrival: HoldArrival,
  ) {}

  async place(principal: Principal, dto: PlaceOrderDto): Promise<OrderView> {
    if (!mayPlaceFor(principal, dto.channel)) {
      throw forbiddenProblem(`principal "${principal.sub}" may not place ${dto.channel} orders`, {
        errors: [{ field: 'channel', message: `must be your own channel (${principal.channel ?? 'none'})` }],
      });
    }
    // Outside the transaction: no connection is held while the hold is on its way.
    if (dto.holdId) await this.holdArrival.awaitHold(dto.holdId);
    return this.tx.run(async () => {
      const mark = this.view.arrivalMark;
      const now = new Date();
      const { order, lines, placed } = placementOf(randomUUID(), principal, dto, now);
      const facts = await this.facts.ofRequest({
        pickups: pickupsOf(dto),
        skus: dto.lines.map((l) => l.sku),
        hold: dto.holdId ? { holdId: dto.holdId, principal: principalKey(principal), now } : undefined,
        externalRef: dto.externalRef ? { channel: dto.channel, ref: dto.externalRef } : undefined,
      });
      if (facts.externalRefUsed) {
        throw new ProblemException(
          PROBLEMS.duplicateExternalRef,
          `a ${dto.channel} order with externalRef ${dto.externalRef} already exists`,
          {
            errors: [{ field: 'externalRef', message: 'already used by another order of this channel' }],
          },
        );
      }
      const { pickups, skus, hold } = facts;
      // "Not yours" is a 422; "not yet" (a hold or location orders has not heard of) is an order accepted as pending.
      const judged = judgePlacement(pickups, hold, this.view.caughtUp, skus);
      if (judged.outcome === 'refuse' && judged.skus) throw this.skus.refusal(judged.skus);
      if (judged.outcome === 'refuse')
        throw judged.pickups.length
          ? this.locations.refusal(judged.pickups)
          : this.holds.refusal(judged.hold as HoldRefusal, dto.holdId as string);
      if (judged.outcome === 'wait') {
        order.status = 'pending';
        lines.forEach((l, i) => Object.assign(l, { status: 'pending', statusReason: lineWaitDetail(judged.waits, i) }));
        await this.insert(order, lines, (writes) => writeTogether(this.tx.manager, writes), [
          this.waits.recorded(order.id, judged.waits),
        ]);
        // What it waits for may have arrived since it was checked, with nobody waiting yet to be told.
        this.tx.afterCommit(() => this.sweeper.waiting(order.id, this.view.arrivedSince(mark, judged.waits)));
        return toOrderView(order, lines, [], []);
      }
      const envelope = this.events.publish(OrderPlaced, order.id, placed);
      // The step moves no line (they are inserted placed): its statement only records it, beside the inserts.
      const step = stepOf(
        envelope,
        'placed',
        lines.map((l) => ({ orderLineId: l.id })),
      );
      await this.insert(
        order,
        lines,
        (writes) => this.journey.advance({ order, lines }, step, ...writes).then(() => undefined),
        [...(hold ? [this.holds.claim(hold.holdId, order.id)] : []), ...this.events.alongside()],
      );
      return toOrderView(order, lines, [timelineOf(envelope, 'placed', lines)], []);
    });
  }

  /**
   * The order and its lines, with `alongside` writes, in the one statement `write` sends. A hold is
   * carried by one order, pending or placed: the unique index says so even for two placements at once.
   */
  private async insert(
    order: Order,
    lines: readonly OrderLine[],
    write: (writes: StatementPart[]) => Promise<void>,
    alongside: StatementPart[],
  ): Promise<void> {
    const m = this.tx.manager;
    try {
      await write([insertPart(m, Order, [order]), insertPart(m, OrderLine, lines), ...alongside]);
    } catch (error) {
      const constraint = (error as { driverError?: { constraint?: string } }).driverError?.constraint;
      if (order.holdId && constraint === 'orders_hold_id_key') throw this.holds.refusal('used', order.holdId);
      throw error;
    }
  }

  /**
   * Cancels the whole order or some lines, until their goods leave. A pending line is cancelled here
   * and now; a placed line's cancel is asked of fulfilment, which holds the goods and may find them
   * already handed over: `decided` is false while any line awaits that answer.
   */
  cancel(principal: Principal, orderId: string, dto: CancelOrderDto): Promise<{ view: OrderView; decided: boolean }> {
    return this.tx.run(async () => {
      const state = await this.journey.lock(orderId);
      if (!state || !mayView(principal, state.order)) throw orderNotFound(orderId);
      const plan = planCancel(state.lines, dto.lineIds);
      if (plan.unknown.length) {
        throw new ProblemException(
          PROBLEMS.unknownOrderLines,
          `not lines of order ${orderId}: ${plan.unknown.join(', ')}`,
          {
            errors: plan.unknown.map((id) => ({ field: 'lineIds', message: `${id} is not a line of this order` })),
          },
        );
      }
      if (plan.tooLate.length) {
        const which = plan.tooLate.map((l) => `${l.lineId} (${l.status})`).join(', ');
        throw new ProblemException(PROBLEMS.cancelTooLate, `goods have left for ${which}: start a return instead`, {
          lines: plan.tooLate,
        });
      }
      if (plan.now.length) {
        const envelope = this.events.publish(OrderCancelled, orderId, {
          orderId,
          lineIds: plan.now,
          reason: dto.reason,
        });
        const lines = plan.now.map((id) => ({ orderLineId: id, target: 'cancelled' as const, reason: dto.reason }));
        await this.journey.advance(state, { ...stepOf(envelope, 'cancelled', lines), detail: { reason: dto.reason } });
      }
      if (plan.request.length) {
        const envelope = this.events.publish(CancelRequested, orderId, {
          orderId,
          lineIds: plan.request,
          reason: dto.reason,
        });
        const lines = plan.request.map((id) => ({
          orderLineId: id,
          cancellation: { status: 'requested' as const, reason: dto.reason ?? null },
        }));
        await this.journey.advance(state, {
          ...stepOf(envelope, 'cancel_requested', lines),
          detail: { reason: dto.reason },
        });
      }
      const view = await this.reader.get(principal, orderId);
      return { view, decided: !view.lines.some((l) => l.cancellation?.status === 'requested') };
    });
  }
}

/** The rows and the order-placed event a placement writes; pure, so a spec can check every body the DTO admits against the contract. */
export function placementOf(
  orderId: string,
  principal: Principal,
  dto: PlaceOrderDto,
  now: Date,
): { order: Order; lines: OrderLine[]; placed: OrderPlacedV1 } {
  const order = newOrder(orderId, principal, dto, now);
  const lines = dto.lines.map((line, i) => newLine(order.id, i + 1, line));
  return { order, lines, placed: placedEvent(order, lines) };
}

function pickupsOf(dto: PlaceOrderDto): PickupRequest[] {
  return dto.lines.flatMap(({ delivery }, i) =>
    delivery.type === 'pickup' && delivery.locationId
      ? [{ field: `lines.${i}.delivery.locationId`, locationId: delivery.locationId }]
      : [],
  );
}

function newOrder(id: string, principal: Principal, dto: PlaceOrderDto, now: Date): Order {
  const sellingLocationId =
    principal.role === 'store' && principal.locations.length === 1 ? principal.locations[0] : undefined;
  return Object.assign(new Order(), {
    id,
    channel: dto.channel,
    status: 'placed',
    customerId: dto.customer.id,
    customerEmail: dto.customer.email ?? null,
    customerPhone: dto.customer.phone ?? null,
    holdId: dto.holdId ?? null,
    assistedByStaffId: dto.assistedBy?.staffId ?? null,
    assistedByLocationId: dto.assistedBy?.locationId ?? null,
    externalRef: dto.externalRef ?? null,
    locationIds: initialLocationIds({
      pickupLocationIds: pickupsOf(dto).map((p) => p.locationId),
      assistedByLocationId: dto.assistedBy?.locationId,
      sellingLocationId,
    }),
    placedBy: principalKey(principal),
    placedAt: now,
    updatedAt: now,
  } satisfies Order);
}

function newLine(
  orderId: string,
  lineNo: number,
  { sku, qty, unitPrice, currency, delivery }: PlaceOrderDto['lines'][number],
): OrderLine {
  return Object.assign(new OrderLine(), {
    id: randomUUID(),
    orderId,
    lineNo,
    sku,
    qty,
    unitPriceMinor: unitPrice,
    currency,
    deliveryType: delivery.type,
    deliveryAddress:
      delivery.type === 'pickup' ? null : { ...(delivery.address as NonNullable<typeof delivery.address>) },
    pickupLocationId: delivery.type === 'pickup' ? (delivery.locationId ?? null) : null,
    status: 'placed',
    statusReason: null,
    cancellation: null,
    cancellationReason: null,
    fulfilmentOrderId: null,
    fulfilmentLocationId: null,
  } satisfies OrderLine);
}

export function placedEvent(order: Order, lines: readonly OrderLine[]): OrderPlacedV1 {
  return {
    orderId: order.id,
    channel: order.channel,
    customer: {
      id: order.customerId,
      ...(order.customerEmail ? { email: order.customerEmail } : {}),
      ...(order.customerPhone ? { phone: order.customerPhone } : {}),
    },
    lines: lines.map((l) => ({
      orderLineId: l.id,
      lineNo: l.lineNo,
      sku: l.sku,
      qty: l.qty,
      unitPriceMinor: l.unitPriceMinor,
      currency: l.currency,
      delivery:
        l.deliveryType === 'pickup'
          ? { type: l.deliveryType, locationId: l.pickupLocationId ?? undefined }
          : { type: l.deliveryType, address: l.deliveryAddress ?? undefined },
    })),
    ...(order.holdId ? { holdId: order.holdId } : {}),
    ...(order.assistedByStaffId && order.assistedByLocationId
      ? { assistedBy: { staffId: order.assistedByStaffId, locationId: order.assistedByLocationId } }
      : {}),
    ...(order.externalRef ? { externalRef: order.externalRef } : {}),
    placedAt: order.placedAt.toISOString(),
  };
}

export function stepOf(
  envelope: EventEnvelope,
  step: string,
  lines: Array<{ orderLineId: string; target?: LineStatus; reason?: string }>,
) {
  return {
    eventId: envelope.id,
    eventType: envelope.type,
    step,
    occurredAt: envelope.occurredAt,
    actor: envelope.actor,
    lines,
  };
}

function timelineOf(envelope: EventEnvelope, step: string, lines: readonly OrderLine[]) {
  return {
    eventId: envelope.id,
    eventType: envelope.type,
    step,
    lineIds: lines.map((l) => l.id),
    locationId: envelope.actor.locationId ?? null,
    actor: envelope.actor,
    occurredAt: new Date(envelope.occurredAt),
    detail: {},
  };
}
