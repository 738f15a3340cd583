// What staff may do to a task next, and what a reported pick means. Pure.
import type { DeliveryType } from '@omni/contracts';
import type { TaskStatus } from './task.entity';

export const TASK_ACTIONS = ['pick', 'pack', 'ready', 'reissue', 'handover', 'ship', 'deliver', 'reject'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

const ALL: readonly DeliveryType[] = ['ship', 'pickup', 'same_day'];

export const TRANSITIONS: Record<
  TaskAction,
  { from: readonly TaskStatus[]; to: TaskStatus; deliveries: readonly DeliveryType[] }
> = {
  pick: { from: ['to_pick'], to: 'to_pack', deliveries: ALL },
  pack: { from: ['to_pack'], to: 'packed', deliveries: ALL },
  ready: { from: ['packed'], to: 'ready_for_pickup', deliveries: ['pickup'] },
  // A new pickup code for the customer (a locked pickup, a lost message): the window stays as it was.
  reissue: { from: ['ready_for_pickup'], to: 'ready_for_pickup', deliveries: ['pickup'] },
  handover: { from: ['ready_for_pickup'], to: 'picked_up', deliveries: ['pickup'] },
  ship: { from: ['packed'], to: 'shipped', deliveries: ['ship', 'same_day'] },
  // The carrier confirms the shipment reached the customer.
  deliver: { from: ['shipped'], to: 'delivered', deliveries: ['ship', 'same_day'] },
  // Once the customer has been told the order is ready, the store keeps its promise (or the no-show sweeper ends it).
  reject: { from: ['to_pick', 'to_pack', 'packed'], to: 'rejected', deliveries: ALL },
};

const PAST: Partial<Record<TaskAction, string>> = {
  ship: 'shipped',
  deliver: 'delivered',
  reissue: 'given a new pickup code',
};

/** Why `action` is not possible now (null: it is). */
export function transitionProblem(action: TaskAction, status: TaskStatus, deliveryType: DeliveryType): string | null {
  const t = TRANSITIONS[action];
  if (!t.deliveries.includes(deliveryType))
    return `a ${deliveryType} task cannot be ${PAST[action] ?? `given ${action}`}`;
  if (!t.from.includes(status)) return `a task in status ${status} cannot ${action} (expected ${t.from.join(' or ')})`;
  return null;
}

/** Why a reported delivery time cannot be taken (null: it can). The carrier reports the past, never the future. */
export function deliveredAtProblem(deliveredAt: Date, now: Date): string | null {
  if (Number.isNaN(deliveredAt.getTime())) return 'deliveredAt must be an ISO-8601 date-time';
  if (deliveredAt.getTime() > now.getTime()) return 'deliveredAt cannot be in the future';
  return null;
}

export interface OpenLine {
  orderLineId: string;
  sku: string;
  qty: number;
}

export interface ReportedPick {
  orderLineId: string;
  pickedQty: number;
}

export interface PickedLine extends OpenLine {
  pickedQty: number;
}

export interface ShortLine extends PickedLine {
  shortQty: number;
}

export type PickEvaluation =
  | { ok: true; picked: PickedLine[]; short: ShortLine[] }
  | { ok: false; errors: Array<{ field: string; message: string }> };

/**
 * Staff report every open line once with what they found. A line found in full is picked; a line
 * found short moves whole to another location (an allocation is one per order line), so its
 * found units go back to the shelf.
 */
export function evaluatePick(open: readonly OpenLine[], reported: readonly ReportedPick[]): PickEvaluation {
  const errors: Array<{ field: string; message: string }> = [];
  const byId = new Map(open.map((l) => [l.orderLineId, l]));
  const seen = new Set<string>();
  reported.forEach((r, i) => {
    const line = byId.get(r.orderLineId);
    if (!line)
      errors.push({ field: `lines.${i}.orderLineId`, message: `${r.orderLineId} is not an open line of this task` });
    else if (seen.has(r.orderLineId))
      errors.push({ field: `lines.${i}.orderLineId`, message: `${r.orderLineId} is reported twice` });
    else if (r.pickedQty > line.qty)
      errors.push({ field: `lines.${i}.pickedQty`, message: `at most ${line.qty} of ${r.orderLineId} can be picked` });
    seen.add(r.orderLineId);
  });
  for (const l of open)
    if (!seen.has(l.orderLineId)) errors.push({ field: 'lines', message: `line ${l.orderLineId} must be reported` });
  if (errors.length) return { ok: false, errors };
  const found = new Map(reported.map((r) => [r.orderLineId, r.pickedQty]));
  const picked: PickedLine[] = [];
  const short: ShortLine[] = [];
  for (const l of open) {
    const pickedQty = found.get(l.orderLineId) ?? 0;
    if (pickedQty === l.qty) picked.push({ ...l, pickedQty });
    else short.push({ ...l, pickedQty, shortQty: l.qty - pickedQty });
  }
  return { ok: true, picked, short };
}
