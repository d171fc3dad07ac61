import { utcDayOf } from './calendar-date.ts';

/** Google Calendar drops events from subscribed feeds past about 1 MB or 1,000 events. */
export interface FeedBudget {
  readonly maxEvents: number;
  readonly maxBytes: number;
}
export const DEFAULT_BUDGET: FeedBudget = { maxEvents: 1000, maxBytes: 900 * 1024 };

/**
 * `all.ics` (and `all.json`) are only worth offering while they hold at least a week: where the budget
 * would leave less, they are published without events, saying why, and pages offer the groups' instead.
 */
export const ALL_FEED_MIN_DAYS = 7;

/** What the budget counts of one item of a feed: when it starts (UTC ms) and its size in octets. */
export interface Budgeted {
  readonly start: number;
  readonly bytes: number;
}

/**
 * What of `items` (in time order) fits the budget, `overhead` being the octets of everything around
 * them: everything when it fits; otherwise the past (before the UTC day of `now`) is dropped first,
 * then the longest run of upcoming items that fits, cut at a UTC day boundary so no day is half
 * published. `next` is the first item left out, when the horizon was cut. The .ics feeds and the JSON
 * data share it, so both run to the same kind of date.
 */
export function fitBudget<T extends Budgeted>(
  items: readonly T[],
  overhead: number,
  budget: FeedBudget,
  now: number,
): { kept: readonly T[]; next: T | undefined } {
  const total = items.reduce((n, e) => n + e.bytes, overhead);
  if (items.length <= budget.maxEvents && total <= budget.maxBytes) {
    return { kept: items, next: undefined };
  }
  const today = utcDayOf(now);
  const upcoming = items.filter((e) => utcDayOf(e.start) >= today);
  let n = 0;
  for (let bytes = overhead; n < upcoming.length && n < budget.maxEvents; n += 1) {
    bytes += (upcoming[n] as T).bytes;
    if (bytes > budget.maxBytes) break;
  }
  const next = upcoming[n];
  if (next) while (n > 0 && utcDayOf((upcoming[n - 1] as T).start) === utcDayOf(next.start)) n -= 1;
  return { kept: upcoming.slice(0, n), next: upcoming[n] };
}

/** The ISO date of the last day before `item`'s UTC day: how far a cut feed runs. */
export function lastDayBefore(item: Budgeted): string {
  return new Date((utcDayOf(item.start) - 1) * 86_400_000).toISOString().slice(0, 10);
}
