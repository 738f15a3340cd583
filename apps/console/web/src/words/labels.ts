// What statuses and codes are called on screen: the associates' words, not the API's.
import type { DeliveryType, Disposition, ReturnReason, TaskStatus } from '../api/types';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  to_pick: 'To pick',
  to_pack: 'To pack',
  packed: 'Packed',
  ready_for_pickup: 'Ready for collection',
  picked_up: 'Collected',
  shipped: 'Shipped',
  delivered: 'Delivered',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  expired: 'Not collected (window closed)',
};

export const DELIVERY_LABELS: Record<DeliveryType, string> = {
  pickup: 'Click & collect',
  ship: 'Ship from store',
  same_day: 'Same-day delivery',
};

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  restock: 'Back on the shelf (restock)',
  damaged: 'Damaged',
  'return-to-vendor': 'Return to vendor',
  transfer: 'Transfer to another location',
};

export const REASON_LABELS: Record<ReturnReason, string> = {
  'changed-mind': 'Changed mind',
  'wrong-size': 'Wrong size',
  defective: 'Defective',
  'damaged-in-transit': 'Damaged in transit',
  'wrong-item': 'Wrong item sent',
  'not-as-described': 'Not as described',
  other: 'Other',
};

export const taskStatusLabel = (status: string): string =>
  TASK_STATUS_LABELS[status as TaskStatus] ?? status.replace(/_/g, ' ');

/** An order id is a UUID: its first block is what staff read out and type; a scanner sends the whole id. */
export const shortId = (id: string): string => (/^[0-9a-f]{8}-/i.test(id) ? id.slice(0, 8).toUpperCase() : id);

export function money(amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}
