import { Injectable, Logger } from '@nestjs/common';
import {
  OrderCancelled,
  type AllocatedV1,
  type CancelDecidedV1,
  type EventEnvelope,
  type FulfilmentLinesV1,
  type FulfilmentOrderCreatedV1,
  type GoodsLeftV1,
  type ItemsReceivedV1,
  type LinesUnfulfillableV1,
  type ReadyForPickupV1,
  type RefundDecidedV1,
} from '@omni/contracts';
import { EventPublisher } from '@omni/messaging';
import { TransactionHost, writeTogether, type StatementPart } from '@omni/platform';
import { Journey, type JourneyStep, type LineTarget, type OrderState } from './journey';
import { ReturnsLedger, type ReturnTotals } from './returns-ledger';
import { returnTarget, targetOf } from './status.rules';

export const PICKUP_EXPIRED = 'pickup-expired';

type StepOf = Omit<JourneyStep, 'eventId' | 'eventType' | 'occurredAt' | 'actor'>;

/** The lines an event names, each bound where that event moves a line (EVENT_TARGETS). */
const each = (event: EventEnvelope, lines: ReadonlyArray<{ orderLineId: string }>): LineTarget[] =>
  lines.map(({ orderLineId }) => ({ orderLineId, target: targetOf(event.type) }));

/** The order journey told by other services' events: each one a step on the order's lines and timeline. */
@Injectable()
export class StatusService {
  private readonly logger = new Logger(StatusService.name);

  constructor(
    private readonly tx: TransactionHost,
    private readonly journey: Journey,
    private readonly returns: ReturnsLedger,
    private readonly events: EventPublisher,
  ) {}

  /** `alongside`: writes of the same transaction (the hold's conversion) that ride on the step's statement. */
  allocated(event: EventEnvelope<AllocatedV1>, ...alongside: StatementPart[]): Promise<void> {
    const { lines, requestId, holdId } = event.data;
    const locations = [...new Set(lines.map((l) => l.locationId))];
    return this.step(
      event,
      event.data.orderId,
      {
        step: 'allocated',
        lines: each(event, lines),
        ...(locations.length === 1 ? { locationId: locations[0] } : {}),
        detail: { requestId, ...(holdId ? { holdId } : {}), allocations: lines },
      },
      alongside,
    );
  }

  fulfilmentOrderCreated(event: EventEnvelope<FulfilmentOrderCreatedV1>): Promise<void> {
    const { fulfilmentOrderId, locationId, lines } = event.data;
    return this.step(event, event.data.orderId, {
      step: 'in_fulfilment',
      lines: each(event, lines),
      locationId,
      fulfilmentOrderId,
    });
  }

  linesUnfulfillable(event: EventEnvelope<LinesUnfulfillableV1>): Promise<void> {
    const lines = event.data.lines.map(({ orderLineId, reason }) => ({
      orderLineId,
      target: targetOf(event.type),
      reason,
    }));
    return this.step(event, event.data.orderId, {
      step: 'unfulfillable',
      lines,
      detail: { reasons: event.data.lines },
    });
  }

  readyForPickup(event: EventEnvelope<ReadyForPickupV1>): Promise<void> {
    const { fulfilmentOrderId, locationId, lines, expiresAt } = event.data;
    return this.step(event, event.data.orderId, {
      step: 'ready_for_pickup',
      lines: each(event, lines),
      locationId,
      fulfilmentOrderId,
      detail: { expiresAt },
    });
  }

  /** A handover or a shipment: the timeline's step is the status the lines reach (`picked_up`, `shipped`). */
  goodsLeft(event: EventEnvelope<GoodsLeftV1>): Promise<void> {
    const { fulfilmentOrderId, locationId, lines } = event.data;
    return this.step(event, event.data.orderId, {
      step: targetOf(event.type),
      lines: each(event, lines),
      locationId,
      fulfilmentOrderId,
    });
  }

  delivered(event: EventEnvelope<FulfilmentLinesV1>): Promise<void> {
    return this.step(event, event.data.orderId, {
      step: 'delivered',
      lines: each(event, event.data.lines),
      detail: { fulfilmentOrderId: event.data.fulfilmentOrderId },
    });
  }

  /** Fulfilment's answer to a cancel request: the lines it cancelled close, those whose goods had left carry the refusal. */
  cancelDecided(event: EventEnvelope<CancelDecidedV1>): Promise<void> {
    const { cancelled, refused, reason } = event.data;
    const lines: LineTarget[] = [
      ...cancelled.map((orderLineId) => ({ orderLineId, target: targetOf(event.type), reason })),
      ...refused.map(({ orderLineId, reason: why }) => ({
        orderLineId,
        cancellation: { status: 'refused' as const, reason: why },
      })),
    ];
    return this.step(event, event.data.orderId, {
      step: cancelled.length ? 'cancelled' : 'cancel_refused',
      lines,
      detail: { reason, refused },
    });
  }

  /** A no-show: the lines are cancelled here, and inventory learns it from orders.order-cancelled. */
  pickupExpired(event: EventEnvelope<FulfilmentLinesV1>): Promise<void> {
    const { orderId, fulfilmentOrderId, lines } = event.data;
    return this.tx.run(async () => {
      const state = await this.locked(orderId, event);
      if (!state) return;
      const targets = each(event, lines).map((line) => ({ ...line, reason: PICKUP_EXPIRED }));
      const step = {
        step: 'pickup_expired',
        lines: targets,
        locationId: fulfilmentLocationOf(state, lines),
        detail: { fulfilmentOrderId },
      };
      const cancelled = await this.journey.advance(state, this.stepOf(event, step));
      if (cancelled?.length) {
        this.events.publish(OrderCancelled, orderId, {
          orderId,
          lineIds: cancelled.map((l) => l.id),
          reason: PICKUP_EXPIRED,
        });
      }
    });
  }

  itemsReceived(event: EventEnvelope<ItemsReceivedV1>): Promise<void> {
    const { returnId, orderId, locationId, lines } = event.data;
    return this.tx.run(async () => {
      const state = await this.locked(orderId, event);
      if (!state) return;
      const targets = returnTargets(state, await this.returns.received(state, returnId, locationId, lines));
      await this.journey.advance(
        state,
        this.stepOf(event, { step: 'items_received', lines: targets, locationId, detail: { returnId, lines } }),
      );
    });
  }

  refundDecided(event: EventEnvelope<RefundDecidedV1>): Promise<void> {
    const { returnId, orderId, lines, totalMinor, currency } = event.data;
    return this.tx.run(async () => {
      const state = await this.locked(orderId, event);
      if (!state) return;
      const targets = returnTargets(state, await this.returns.refunded(state, returnId, lines));
      await this.journey.advance(
        state,
        this.stepOf(event, {
          step: 'refund_decided',
          lines: targets,
          detail: { returnId, lines, totalMinor, currency },
        }),
      );
    });
  }

  private step(event: EventEnvelope, orderId: string, step: StepOf, alongside: StatementPart[] = []): Promise<void> {
    return this.tx.run(async (m) => {
      const state = await this.locked(orderId, event);
      if (!state) return writeTogether(m, alongside);
      const located = step.locationId ? step : { ...step, locationId: fulfilmentLocationOf(state, step.lines) };
      await this.journey.advance(state, this.stepOf(event, located), ...alongside);
    });
  }

  private async locked(orderId: string, event: EventEnvelope): Promise<OrderState | undefined> {
    const state = await this.journey.lock(orderId);
    // Orders are placed here before anyone can act on them: an unknown id belongs to another deployment sharing the log.
    if (!state) this.logger.log(`${event.type} ${event.id} names unknown order ${orderId}; ignored`);
    return state;
  }

  private stepOf(event: EventEnvelope, step: StepOf): JourneyStep {
    return { ...step, eventId: event.id, eventType: event.type, occurredAt: event.occurredAt, actor: event.actor };
  }
}

/** Where lines are being served, when an event does not say: the fulfilment location they share, if one. */
function fulfilmentLocationOf(state: OrderState, lines: ReadonlyArray<{ orderLineId: string }>): string | undefined {
  const ids = new Set(lines.map((l) => l.orderLineId));
  const locations = new Set(state.lines.filter((l) => ids.has(l.id)).map((l) => l.fulfilmentLocationId));
  const [only] = locations;
  return locations.size === 1 && only ? only : undefined;
}

/** Lines whose units have all come back (or been refunded) move on; partial returns are only counted. */
function returnTargets(state: OrderState, totals: ReadonlyMap<string, ReturnTotals>): LineTarget[] {
  return state.lines
    .filter((l) => totals.has(l.id))
    .map((l) => {
      const { received, refunded } = totals.get(l.id) as ReturnTotals;
      return { orderLineId: l.id, target: returnTarget(l.qty, received, refunded) };
    });
}
