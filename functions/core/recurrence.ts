import { dayNumber, daysInMonth, weekdayOfDay, yearMonthOf } from './calendar-date.ts';

/** ISO weekday, as luxon counts: Monday = 1 … Sunday = 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  1: 'Monday',
  2: 'Tuesday',
  3: 'Wednesday',
  4: 'Thursday',
  5: 'Friday',
  6: 'Saturday',
  7: 'Sunday',
};

const RRULE_DAYS: Readonly<Record<Weekday, string>> = {
  1: 'MO',
  2: 'TU',
  3: 'WE',
  4: 'TH',
  5: 'FR',
  6: 'SA',
  7: 'SU',
};

/**
 * How a meeting repeats, as far as the text determines it. Every shape maps to exactly one RFC 5545
 * RRULE, so `DTSTART;TZID=…` + {@link toRRule} reproduce sigcal's dates in any calendar.
 */
export type Recurrence =
  /** Every `interval` weeks on `weekday`; for interval > 1 the parity comes from the series' start date. */
  | { readonly kind: 'weekly'; readonly interval: number; readonly weekday: Weekday }
  /** The listed weeks of each month: 1…5 from the start, -1 for the last. */
  | { readonly kind: 'monthly-nth'; readonly weekday: Weekday; readonly nth: readonly number[] }
  /** `weekday` falling on one of `monthDays`, e.g. "the Wednesday after the fourth Tuesday" = WE on 23…29. */
  | { readonly kind: 'monthly-days'; readonly weekday: Weekday; readonly monthDays: readonly number[] };

/**
 * Everything sigcal knows about one kind of rule, in one place: its RRULE parts, its words, and its
 * dates. Adding a kind means adding one entry to {@link KINDS}; the compiler checks it is complete.
 */
interface RecurrenceKind<R extends Recurrence> {
  /** RRULE parts without UNTIL, e.g. `['FREQ=WEEKLY', 'INTERVAL=2', 'BYDAY=TU']`. */
  rruleParts(rule: R): string[];
  /** "every other Tuesday" */
  describe(rule: R): string;
  /** The rule's local dates (day numbers) in [first, to], with `anchor` fixing the parity where one matters. */
  dates(rule: R, anchor: number | null, first: number, to: number): number[];
}

type Kinds = { readonly [K in Recurrence['kind']]: RecurrenceKind<Extract<Recurrence, { kind: K }>> };

const ORDINAL_WORDS: Readonly<Record<number, string>> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  5: 'fifth',
  [-1]: 'last',
};

const KINDS: Kinds = {
  weekly: {
    rruleParts: (rule) => [
      'FREQ=WEEKLY',
      ...(rule.interval > 1 ? [`INTERVAL=${rule.interval}`] : []),
      `BYDAY=${RRULE_DAYS[rule.weekday]}`,
    ],
    describe: (rule) => {
      const day = WEEKDAY_NAMES[rule.weekday];
      if (rule.interval === 1) return `every ${day}`;
      if (rule.interval === 2) return `every other ${day}`;
      return `every ${rule.interval} weeks on ${day}`;
    },
    dates: (rule, anchor, first, to) => {
      const step = 7 * rule.interval;
      // Without an anchor only interval 1 is meaningful; any matching weekday anchors it.
      const base = anchor ?? first + ((rule.weekday - weekdayOfDay(first) + 7) % 7);
      const dates: number[] = [];
      for (let day = base + Math.ceil((first - base) / step) * step; day <= to; day += step) dates.push(day);
      return dates;
    },
  },
  'monthly-nth': {
    rruleParts: (rule) => [
      'FREQ=MONTHLY',
      `BYDAY=${rule.nth.map((n) => `${n}${RRULE_DAYS[rule.weekday]}`).join(',')}`,
    ],
    describe: (rule) => {
      const words = rule.nth.map((n) => ORDINAL_WORDS[n] ?? `${n}th`);
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
      return `the ${list} ${WEEKDAY_NAMES[rule.weekday]} of the month`;
    },
    dates: (rule, _anchor, first, to) =>
      monthlyDates(rule.weekday, first, to, (offset, length) => {
        const lastOffset = offset + 7 * Math.floor((length - 1 - offset) / 7);
        return rule.nth.map((n) => (n === -1 ? lastOffset : offset + 7 * (n - 1)));
      }),
  },
  'monthly-days': {
    rruleParts: (rule) => [
      'FREQ=MONTHLY',
      `BYDAY=${RRULE_DAYS[rule.weekday]}`,
      `BYMONTHDAY=${rule.monthDays.join(',')}`,
    ],
    describe: (rule) => {
      const first = rule.monthDays[0] ?? 1;
      const last = rule.monthDays.at(-1) ?? 1;
      return `the ${WEEKDAY_NAMES[rule.weekday]} between the ${ordinal(first)} and the ${ordinal(last)} of the month`;
    },
    dates: (rule, _anchor, first, to) =>
      monthlyDates(rule.weekday, first, to, (offset) =>
        rule.monthDays.filter((md) => (md - 1 - offset) % 7 === 0).map((md) => md - 1),
      ),
  },
};

function kindOf<R extends Recurrence>(rule: R): RecurrenceKind<R> {
  return KINDS[rule.kind] as unknown as RecurrenceKind<R>;
}

/** The RFC 5545 RRULE value (without the `RRULE:` prefix), e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`. */
export function toRRule(recurrence: Recurrence, untilUtc?: string): string {
  const parts = kindOf(recurrence).rruleParts(recurrence);
  // With DTSTART;TZID=… the UNTIL part must be a UTC date-time (RFC 5545 3.3.10), e.g. 20271231T225959Z.
  if (untilUtc) parts.push(`UNTIL=${untilUtc}`);
  return parts.join(';');
}

/** The rule in words: "every other Tuesday", "the first and third Tuesday of the month". */
export function describeRecurrence(recurrence: Recurrence): string {
  return kindOf(recurrence).describe(recurrence);
}

/** 1st, 2nd, 3rd, 4th, 11th, 21st, 22nd, 23rd… */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

/**
 * The local dates (day numbers) of a rule between `from` and `to` inclusive. `anchor` is the series'
 * first date when known: it fixes the parity of every-n-weeks rules and no date before it is returned.
 */
export function recurrenceDates(
  recurrence: Recurrence,
  anchor: number | null,
  from: number,
  to: number,
): number[] {
  const first = anchor === null ? from : Math.max(from, anchor);
  return kindOf(recurrence).dates(recurrence, anchor, first, to);
}

/**
 * Month by month from the month of `first`: `daysOfMonth(offset, length)` gives the 0-based days of the
 * month the rule picks, where `offset` is the 0-based day of the month's first `weekday` and `length`
 * the month's length. Days past the month's end are dropped, as RRULE drops them.
 */
function monthlyDates(
  weekday: Weekday,
  first: number,
  to: number,
  daysOfMonth: (offset: number, length: number) => readonly number[],
): number[] {
  const dates: number[] = [];
  let { year, month } = yearMonthOf(first);
  for (;;) {
    const monthStart = dayNumber(year, month, 1);
    if (monthStart > to) break;
    const length = daysInMonth(year, month);
    const offset = (weekday - weekdayOfDay(monthStart) + 7) % 7;
    const picked = daysOfMonth(offset, length).filter((dom) => dom < length);
    // "fourth and last Tuesday": in a month with four Tuesdays both name one date, which RRULE counts once.
    const unique = [...new Set(picked)].sort((a, b) => a - b);
    for (const dom of unique) {
      const day = monthStart + dom;
      if (day >= first && day <= to) dates.push(day);
    }
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return dates;
}
