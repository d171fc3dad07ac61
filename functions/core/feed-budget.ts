import { isoFromDay, utcDayOf } from './calendar-date.ts';
import type { FeedEvent } from './feed-event.ts';
import { CALENDAR_FOOTER, type CalendarInput, calendarHeader } from './ical/calendar.ts';
import { onePiece, type PiecedText } from './pieced-text.ts';
import type { FeedInfo } from './site-model.ts';
import { utf8Length } from './utf8.ts';
import { GENERATOR } from './version.ts';

/** Google Calendar drops events from subscribed feeds past about 1 MB or 1,000 events. */
export interface FeedBudget {
  readonly maxEvents: number;
  readonly maxBytes: number;
}
export const DEFAULT_BUDGET: FeedBudget = { maxEvents: 1000, maxBytes: 900 * 1024 };

/** Time order, then UID: the order of events in every feed and of occurrences in the JSON. */
export function byStartThenUid(
  a: { readonly start: number; readonly uid: string },
  b: { readonly start: number; readonly uid: string },
): number {
  return a.start - b.start || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);
}

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
 * then every upcoming day before {@link cutDay}, so no day is half published. `next` is the first item
 * left out, when the horizon was cut. The .ics feeds and the JSON data share it, so both run to the
 * same kind of date.
 */
export function fitBudget<T extends Budgeted>(
  items: readonly T[],
  overhead: number,
  budget: FeedBudget,
  now: number,
): { kept: readonly T[]; next: T | undefined } {
  const cut = cutDay(items, overhead, budget, now);
  if (cut === 'fits') return { kept: items, next: undefined };
  const today = utcDayOf(now);
  const upcoming = items.filter((e) => utcDayOf(e.start) >= today);
  const n = cut === null ? upcoming.length : upcoming.findIndex((e) => utcDayOf(e.start) >= cut);
  return { kept: upcoming.slice(0, n), next: upcoming[n] };
}

/**
 * Where {@link fitBudget} cuts `items` (in any order): `fits` when everything fits, past included;
 * else the first upcoming UTC day that does not fit whole after the days before it (counted from the
 * day of `now`, with `overhead`), or null when every upcoming day fits once the past is dropped.
 * Read from each day's totals, so a file that is withheld need not sort its items first.
 */
export function cutDay(
  items: readonly Budgeted[],
  overhead: number,
  budget: FeedBudget,
  now: number,
): number | null | 'fits' {
  const total = items.reduce((n, e) => n + e.bytes, overhead);
  if (items.length <= budget.maxEvents && total <= budget.maxBytes) return 'fits';
  const today = utcDayOf(now);
  const days = new Map<number, { bytes: number; count: number }>();
  for (const e of items) {
    const day = utcDayOf(e.start);
    if (day < today) continue;
    const sums = days.get(day);
    if (sums) {
      sums.bytes += e.bytes;
      sums.count += 1;
    } else days.set(day, { bytes: e.bytes, count: 1 });
  }
  let bytes = overhead;
  let count = 0;
  for (const day of [...days.keys()].sort((a, b) => a - b)) {
    const sums = days.get(day) as { bytes: number; count: number };
    bytes += sums.bytes;
    count += sums.count;
    if (count > budget.maxEvents || bytes > budget.maxBytes) return day;
  }
  return null;
}

/**
 * Whether `items` (in any order), cut by {@link fitBudget}, would hold fewer than `minDays` days from
 * the UTC day of `now`: such a file (`all.ics`, `all.json`) is then published without occurrences, and
 * not offered.
 */
export function tooShortToOffer(
  items: readonly Budgeted[],
  overhead: number,
  budget: FeedBudget,
  now: number,
  minDays: number,
): boolean {
  const cut = cutDay(items, overhead, budget, now);
  return typeof cut === 'number' && cut - utcDayOf(now) < minDays;
}

/** The ISO date of the last day before `item`'s UTC day: how far a cut feed runs. */
function lastDayBefore(item: Budgeted): string {
  return isoFromDay(utcDayOf(item.start) - 1);
}

/** The description of a feed the budget shortened to end on `runsTo`: the note it adds is ASCII, with nothing to escape. */
export const shortenedDescription = (description: string, runsTo: string) =>
  `${description} (Shortened to stay within calendar apps' limits: runs to ${runsTo}.)`;

/**
 * At least the octets a shortened header has beyond the plain one: the note, in the description and
 * again in X-WR-CALDESC, each time with the line folds it adds (3 octets per 74, and one more fold
 * where it shifts the line boundaries). Twice the note's length per copy is more than that.
 */
export const SHORTENED_EXTRA_BOUND = 2 * 2 * shortenedDescription('', '0000-00-00').length;

/** A feed's text: its header, each event's VEVENT (rendered when first asked for) and its footer. */
export type FeedText = PiecedText;

/** Writes feeds within the size budget, shortening the forward horizon of those that would exceed it. */
export class FeedWriter {
  readonly shortened: FeedInfo[] = [];

  constructor(
    private readonly budget: FeedBudget,
    private readonly refresh: string,
    private readonly now: number,
    private readonly color: string | null,
  ) {}

  /**
   * Writes one feed into `files` as pieces that render its text when asked: until then, no event
   * is held as text (see FeedEvent). With `least`, a feed the budget would cut to fewer than
   * `least.minDays` days from today is written without events, its description saying `least.instead`,
   * and is not offered. `events` may
   * come in any order: they are sorted here, in place, unless the feed is withheld.
   */
  write(
    files: Map<string, FeedText>,
    path: string,
    events: FeedEvent[],
    calendar: Pick<CalendarInput, 'name' | 'description'>,
    least?: { readonly minDays: number; readonly instead: string },
  ): FeedInfo {
    const header = calendarHeader(this.calendarInput(calendar));
    // Everything around the events, measured with the longest header: the one of a shortened feed.
    // Every date has 10 ASCII characters, so any date gives it the same length. Most feeds fit even
    // with a bound on it, and then need not render it: the budget keeps all their events either way.
    let overhead = utf8Length(header) + SHORTENED_EXTRA_BOUND + CALENDAR_FOOTER.length;
    if (
      events.length > this.budget.maxEvents ||
      events.reduce((n, e) => n + e.bytes, overhead) > this.budget.maxBytes
    ) {
      overhead = utf8Length(this.shortenedHeader(calendar, '0000-00-00') + CALENDAR_FOOTER);
    }
    if (least && tooShortToOffer(events, overhead, this.budget, this.now, least.minDays)) {
      const withheld = `it would hold less than ${least.minDays} days of meetings within calendar apps' limits`;
      const text =
        calendarHeader(
          this.calendarInput({
            ...calendar,
            description: `${calendar.description} (Too many meetings for one calendar: ${withheld}. ${least.instead})`,
          }),
        ) + CALENDAR_FOOTER;
      const bytes = utf8Length(text);
      files.set(path, onePiece(text, bytes));
      const info: FeedInfo = {
        path,
        shortenedTo: null,
        events: 0,
        bytes,
        offered: false,
        withheld,
      };
      this.shortened.push(info);
      return info;
    }
    const { kept, next } = fitBudget(events.sort(byStartThenUid), overhead, this.budget, this.now);
    const shortenedTo = next ? lastDayBefore(next) : null;
    const head = shortenedTo ? this.shortenedHeader(calendar, shortenedTo) : header;
    let bytes = utf8Length(head) + CALENDAR_FOOTER.length;
    for (const event of kept) {
      bytes += event.bytes;
      event.keep();
    }
    files.set(path, {
      bytes,
      pieces: () => {
        const pieces = [head];
        for (const event of kept) pieces.push(event.text());
        pieces.push(CALENDAR_FOOTER);
        return pieces;
      },
    });
    const info: FeedInfo = { path, shortenedTo, events: kept.length, bytes, offered: kept.length > 0 };
    if (shortenedTo) this.shortened.push(info);
    return info;
  }

  private shortenedHeader(calendar: Pick<CalendarInput, 'name' | 'description'>, runsTo: string): string {
    return calendarHeader(
      this.calendarInput({ ...calendar, description: shortenedDescription(calendar.description, runsTo) }),
    );
  }

  private calendarInput(calendar: Pick<CalendarInput, 'name' | 'description'>): CalendarInput {
    return {
      ...calendar,
      refresh: this.refresh,
      productId: `-//sigcal//${GENERATOR}//EN`,
      color: this.color,
    };
  }
}
