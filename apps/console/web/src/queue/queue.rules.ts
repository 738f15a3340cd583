// What the work queue highlights and says, as plain functions of a task and the time (unit-tested).
import type { Task, TaskLine } from '../api/types';

/** A ready pickup this close to the end of its window is flagged (the customer is reminded about then too). */
export const EXPIRING_WITHIN_MS = 48 * 3600_000;
/** Click-and-collect and same-day work not ready this long after it arrived is late. */
export const PREPARE_WITHIN_MS = 2 * 3600_000;

export type Urgency = { level: 'overdue' | 'soon'; text: string } | null;

export function duration(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} days`;
}

/** How long ago, as the queue says it. */
export const ago = (ms: number): string => (ms < 60_000 ? 'just now' : `${duration(ms)} ago`);

export function urgencyOf(task: Task, now: number): Urgency {
  if (task.status === 'ready_for_pickup' && task.pickup) {
    const left = Date.parse(task.pickup.expiresAt) - now;
    if (left <= 0) return { level: 'overdue', text: `Collection window closed ${duration(left)} ago` };
    if (left <= EXPIRING_WITHIN_MS || task.pickup.reminded)
      return { level: 'soon', text: `Collection window closes in ${duration(left)}` };
    return null;
  }
  if (['to_pick', 'to_pack', 'packed'].includes(task.status) && task.deliveryType !== 'ship') {
    const waiting = now - Date.parse(task.createdAt);
    if (waiting > PREPARE_WITHIN_MS) return { level: 'overdue', text: `Waiting ${duration(waiting)} to be made ready` };
  }
  return null;
}

const RANK = { overdue: 0, soon: 1 } as const;

/** Overdue first, then soon to expire, then the oldest: the order staff should work in. */
export function queueOrder(tasks: readonly Task[], now: number): Task[] {
  const rank = (t: Task) => {
    const u = urgencyOf(t, now);
    return u ? RANK[u.level] : 2;
  };
  return [...tasks].sort(
    (a, b) => rank(a) - rank(b) || Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/** What a pick with these quantities leads to, said before it is sent (tasks.rules.ts: evaluatePick). */
export function pickOutcome(
  task: Pick<Task, 'deliveryType'> & { lines: readonly TaskLine[] },
  picked: Readonly<Record<string, number>>,
): string[] {
  const open = task.lines.filter((l) => l.pickedQty === null);
  const short = open.filter((l) => (picked[l.orderLineId] ?? 0) < l.qty);
  if (!short.length) return [];
  const found = (l: TaskLine) => picked[l.orderLineId] ?? 0;
  const elsewhere =
    task.deliveryType === 'pickup'
      ? 'The order is sourced again: a click-and-collect line can only come from this store, so if it cannot, the customer is told and offered nearby stores that have it.'
      : 'The order is sourced again from another store or the warehouse; nothing more to do here for that line.';
  const lines = short.map((l) => {
    const back = found(l) > 0 ? ` Put the ${found(l)} you found back on the shelf.` : '';
    return `${l.sku}: ${found(l)} of ${l.qty} found. The whole line leaves this task and this store's stock is lowered by the ${l.qty - found(l)} missing.${back}`;
  });
  const nothing = short.length === open.length && open.every((l) => found(l) === 0);
  return [...lines, elsewhere, ...(nothing ? ['Nothing was found for this task: it will be closed as rejected.'] : [])];
}
