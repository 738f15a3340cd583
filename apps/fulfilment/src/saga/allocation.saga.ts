// The allocation saga as a visible list of steps, each with what undoes it (Medusa v2 workflows'
// step + compensation). SagaService implements one method per step; the handlers only route
// events to them. Correlation is by requestId; every step is idempotent (inbox + natural keys).

export interface SagaStep {
  step: string;
  on: string;
  does: string;
  compensation: string;
}

export const ALLOCATION_SAGA: readonly SagaStep[] = [
  {
    step: 'source',
    on: 'orders.order-placed, or a re-source (allocation rejected, short pick, fulfilment order rejected, stock discrepancy)',
    does:
      'choose a location per line with the SourcingStrategy and record the decision with its candidates, scores and reasons; ' +
      'while the view of inventory is still being rebuilt (any line), or the pickup store is not known yet, the line waits instead and is sourced when it may; ' +
      'a line the view shows no stock for is still proposed at its best eligible location: inventory decides',
    compensation: 'none: a decision is a record',
  },
  {
    step: 'claim-capacity',
    on: 'source',
    does: 'count one new order per chosen location and delivery group for the location’s day',
    compensation: 'give the capacity back when inventory rejects the request',
  },
  {
    step: 'request-allocation',
    on: 'claim-capacity',
    does: 'publish fulfilment.allocation-requested {orderId, requestId, lines per location, holdId}',
    compensation: 'on inventory.allocation-rejected (all or nothing: inventory took nothing): exclude the short locations and source again',
  },
  {
    step: 'open-fulfilment-orders',
    on: 'inventory.allocated',
    does: 'a fulfilment order and its pick task per location; publish fulfilment.fulfilment-order-created',
    compensation: 'a short pick, a rejection by staff or a stock discrepancy moves the lines out and sources them again without that location',
  },
  {
    step: 'decide-cancel',
    on: 'orders.cancel-requested',
    does:
      'under the order’s task locks (a handover or shipment takes them too): refuse the lines whose goods left, cancel the rest and close their tasks and pickups; ' +
      'publish fulfilment.cancel-decided: orders shows the outcome, inventory releases the cancelled lines',
    compensation: 'none: final for those lines',
  },
  {
    step: 'give-up',
    on: 'no eligible location left that has not failed the line (each inventory refusal excludes its location), or SOURCING_MAX_ATTEMPTS rounds spent',
    does: 'publish fulfilment.lines-unfulfillable with the reason (and nearby stores for pickups): orders cancels, inventory releases',
    compensation: 'none: final for those lines',
  },
];
