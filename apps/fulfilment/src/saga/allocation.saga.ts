// The allocation saga as one executable table: each step names what starts it (an event on the log,
// a fact a staff step told, or another step it runs within), what it does and what undoes it. The
// event handlers (saga.handlers.ts) and the task facts' handler (saga-facts.ts) are built from this
// table, so the list a reader sees is the list that runs. SagaService implements the steps; each
// runs inside the caller's transaction (the event's, with its inbox row, or the staff step's).
import {
  Allocated,
  AllocationRejected,
  CancelRequested,
  DiscrepancyDetected,
  OrderCancelled,
  OrderPlaced,
  type EventDefinition,
} from '@omni/contracts';
import type { TaskFact, TaskFactKind } from '../tasks/task-facts';
import type { SagaService } from './saga.service';

interface Described {
  step: string;
  does: string;
  compensation: string;
}

export interface EventStep<T = unknown> extends Described {
  on: { event: EventDefinition<T> };
  run: (saga: SagaService, data: T) => Promise<void>;
}

export interface FactStep<K extends TaskFactKind = TaskFactKind> extends Described {
  on: { fact: K };
  run: (saga: SagaService, fact: Extract<TaskFact, { kind: K }>) => Promise<void>;
}

/** A step another step runs as part of itself (listed for the reader; its code is in that step). */
export interface InnerStep extends Described {
  on: { within: string };
}

export type SagaStep = EventStep | FactStep | InnerStep;

const onEvent = <T>(event: EventDefinition<T>, step: Described & { run: EventStep<T>['run'] }): EventStep =>
  ({ ...step, on: { event } }) as EventStep;
const onFact = <K extends TaskFactKind>(fact: K, step: Described & { run: FactStep<K>['run'] }): FactStep =>
  ({ ...step, on: { fact } }) as unknown as FactStep;
const within = (parent: string, step: Described): InnerStep => ({ ...step, on: { within: parent } });

const movesOut = (fact: { locationId: string; lineIds: readonly string[] }) =>
  fact.lineIds.map((orderLineId) => ({ orderLineId, excludeLocationId: fact.locationId }));

export const ALLOCATION_SAGA: readonly SagaStep[] = [
  onEvent(OrderPlaced, {
    step: 'source',
    does:
      'choose a location per line with the SourcingStrategy and record the decision with its candidates, scores and reasons; ' +
      'while the view of inventory is still being rebuilt (any line), or the pickup store is not known yet, the line waits instead and is sourced when it may; ' +
      'a line the view shows no stock for is still proposed at its best eligible location: inventory decides',
    compensation: 'none: a decision is a record',
    run: (saga, order) => saga.sourceOrder(order),
  }),
  within('source', {
    step: 'claim-capacity',
    does: 'count one new order per chosen location and delivery group for the location’s day',
    compensation: 'give the capacity back when inventory rejects the request',
  }),
  within('source', {
    step: 'request-allocation',
    does: 'publish fulfilment.allocation-requested {orderId, requestId, lines per location, holdId}',
    compensation: 'allocation-rejected',
  }),
  within('source', {
    step: 'give-up',
    does:
      'no eligible location left that has not failed the line (each inventory refusal excludes its location), or SOURCING_MAX_ATTEMPTS rounds spent: ' +
      'publish fulfilment.lines-unfulfillable with the reason (and nearby stores for pickups): orders shows it, inventory releases',
    compensation: 'none: final for those lines',
  }),
  onEvent(AllocationRejected, {
    step: 'allocation-rejected',
    does: 'all or nothing, inventory took nothing: give the capacity back, exclude the short locations and source again (or close the lines a cancel beat)',
    compensation: 'none: it is the compensation of request-allocation',
    run: (saga, rejected) => saga.afterRejection(rejected),
  }),
  onEvent(Allocated, {
    step: 'open-fulfilment-orders',
    does: 'a fulfilment order and its pick task per location; publish fulfilment.fulfilment-order-created (a line cancelled meanwhile gets none)',
    compensation:
      'lines-short, work-rejected and discrepancy move the lines out and source them again without that location',
    run: (saga, allocated) => saga.openFulfilmentOrders(allocated),
  }),
  onFact('lines-short', {
    step: 'lines-short',
    does: 'a short pick: the lines not found leave the location and are sourced again without it',
    compensation: 'none: it is a compensation of open-fulfilment-orders',
    run: (saga, fact) => saga.sourceElsewhere(fact.orderId, movesOut(fact), 'short-picked'),
  }),
  onFact('work-rejected', {
    step: 'work-rejected',
    does: 'the location gave the work back: its lines are sourced again without it',
    compensation: 'none: it is a compensation of open-fulfilment-orders',
    run: (saga, fact) => saga.sourceElsewhere(fact.orderId, movesOut(fact), 'fulfilment-order-rejected'),
  }),
  onEvent(DiscrepancyDetected, {
    step: 'discrepancy',
    does: 'a sale took promised stock: the newest allocations there not yet picked move elsewhere, until the shortfall is covered',
    compensation: 'none: it is a compensation of open-fulfilment-orders',
    run: (saga, discrepancy) => saga.afterDiscrepancy(discrepancy),
  }),
  onFact('goods-left', {
    step: 'goods-left',
    does: 'handed over or shipped: the lines are fulfilled, and a cancel that comes later is refused',
    compensation: 'none: only a return undoes it',
    run: (saga, fact) => saga.goodsLeft(fact.orderId, fact.lineIds),
  }),
  onEvent(CancelRequested, {
    step: 'decide-cancel',
    does:
      'under the order’s task locks (a handover or shipment takes them too): refuse the lines whose goods left, cancel the rest and close their tasks and pickups; ' +
      'publish fulfilment.cancel-decided: orders shows the outcome, inventory releases the cancelled lines',
    compensation: 'none: final for those lines',
    run: (saga, request) => saga.decideCancel(request),
  }),
  onEvent(OrderCancelled, {
    step: 'close-cancelled',
    does: 'lines orders closed itself (a no-show): whatever is still open for them closes',
    compensation: 'none: final for those lines',
    run: (saga, cancelled) => saga.closeCancelled(cancelled),
  }),
];

export const eventSteps = (saga: readonly SagaStep[]): EventStep[] =>
  saga.filter((s): s is EventStep => 'event' in s.on);
export const factSteps = (saga: readonly SagaStep[]): FactStep[] => saga.filter((s): s is FactStep => 'fact' in s.on);
