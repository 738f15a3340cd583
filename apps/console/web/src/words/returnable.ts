// What the returns desk says of an order line that cannot come back, in a store associate's words.
import type { NotReturnableReason, ReturnableLine } from '../api/types';

export const day = (iso: string): string =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

const WHY: Record<NotReturnableReason, (line: ReturnableLine) => string> = {
  'sku-not-returnable': () => "Can't be returned: the returns policy excludes this item.",
  cancelled: () => 'Cancelled: the customer never had it.',
  'not-handed-over': () => 'Not collected or delivered yet: nothing to take back.',
  'all-returned': () => 'Already returned.',
  'window-closed': (l) =>
    l.windowClosesAt ? `Return window closed on ${day(l.windowClosesAt)}.` : 'Return window closed.',
};

/** Why the line is greyed out, or, for a line that can come back, until when. */
export function returnableWords(line: ReturnableLine): string {
  if (line.notReturnable) return WHY[line.notReturnable.reason](line);
  return line.windowClosesAt ? `Returnable until ${day(line.windowClosesAt)}` : 'Returnable';
}
