// Daily capacity and cut-offs are counted in each location's own time zone.

/** What fulfilment knows of a location's capacity today. `limit` null: no daily limit. */
export interface CapacityState {
  limit: number | null;
  used: number;
  /** Staff rejected work for lack of capacity: no new work today, whatever the limit. */
  full: boolean;
  /** Same-day cut-off override (HH:MM local); null: the default. */
  cutoff: string | null;
}

export const UNLIMITED: CapacityState = { limit: null, used: 0, full: false, cutoff: null };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      });
    } catch {
      // Inventory validates time zones; an unknown one (older runtime data) counts in UTC rather than failing sourcing.
      f = formatter('UTC');
    }
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(now: Date, timeZone: string): Record<string, string> {
  return Object.fromEntries(
    formatter(timeZone)
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
}

/** The location's calendar day (YYYY-MM-DD) at `now`: capacity resets at local midnight. */
export function localDay(now: Date, timeZone: string): string {
  const p = parts(now, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The location's wall-clock time (HH:MM) at `now`. */
export function localTime(now: Date, timeZone: string): string {
  const p = parts(now, timeZone);
  return `${p.hour}:${p.minute}`;
}

/** Same-day orders are accepted strictly before the cut-off, local time. */
export function beforeCutoff(now: Date, timeZone: string, cutoff: string): boolean {
  return localTime(now, timeZone) < cutoff;
}

/** New fulfilment orders the location may still take today (Infinity without a limit). */
export function remainingCapacity(state: CapacityState): number {
  if (state.full) return 0;
  return state.limit === null ? Number.POSITIVE_INFINITY : Math.max(0, state.limit - state.used);
}

/** 1 for a location with room to spare, 0 for one that is full. */
export function capacityScore(state: CapacityState, remaining = remainingCapacity(state)): number {
  if (state.limit === null) return remaining > 0 ? 1 : 0;
  return state.limit === 0 ? 0 : Math.min(1, remaining / state.limit);
}

export function describeCapacity(state: CapacityState, remaining = remainingCapacity(state)): string {
  if (state.full) return 'closed to new work today (no_capacity)';
  return state.limit === null ? 'no daily limit' : `${remaining} of ${state.limit} orders left today`;
}
