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

/** The RFC 5545 RRULE value (without the `RRULE:` prefix), e.g. `FREQ=WEEKLY;INTERVAL=2;BYDAY=TU`. */
export function toRRule(recurrence: Recurrence, untilUtc?: string): string {
  const parts: string[] = [];
  switch (recurrence.kind) {
    case 'weekly':
      parts.push('FREQ=WEEKLY');
      if (recurrence.interval > 1) parts.push(`INTERVAL=${recurrence.interval}`);
      parts.push(`BYDAY=${RRULE_DAYS[recurrence.weekday]}`);
      break;
    case 'monthly-nth':
      parts.push(
        'FREQ=MONTHLY',
        `BYDAY=${recurrence.nth.map((n) => `${n}${RRULE_DAYS[recurrence.weekday]}`).join(',')}`,
      );
      break;
    case 'monthly-days':
      parts.push(
        'FREQ=MONTHLY',
        `BYDAY=${RRULE_DAYS[recurrence.weekday]}`,
        `BYMONTHDAY=${recurrence.monthDays.join(',')}`,
      );
      break;
  }
  // With DTSTART;TZID=… the UNTIL part must be a UTC date-time (RFC 5545 3.3.10), e.g. 20271231T225959Z.
  if (untilUtc) parts.push(`UNTIL=${untilUtc}`);
  return parts.join(';');
}

const ORDINAL_WORDS: Readonly<Record<number, string>> = {
  1: 'first',
  2: 'second',
  3: 'third',
  4: 'fourth',
  5: 'fifth',
  [-1]: 'last',
};

/** The rule in words: "every other Tuesday", "the first and third Tuesday of the month". */
export function describeRecurrence(recurrence: Recurrence): string {
  const day = WEEKDAY_NAMES[recurrence.weekday];
  switch (recurrence.kind) {
    case 'weekly':
      if (recurrence.interval === 1) return `every ${day}`;
      if (recurrence.interval === 2) return `every other ${day}`;
      return `every ${recurrence.interval} weeks on ${day}`;
    case 'monthly-nth': {
      const words = recurrence.nth.map((n) => ORDINAL_WORDS[n] ?? `${n}th`);
      const list = words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : words[0];
      return `the ${list} ${day} of the month`;
    }
    case 'monthly-days': {
      const first = recurrence.monthDays[0];
      const last = recurrence.monthDays.at(-1);
      return `the ${day} between the ${ordinal(first ?? 1)} and the ${ordinal(last ?? 1)} of the month`;
    }
  }
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
  const dates: number[] = [];
  if (recurrence.kind === 'weekly') {
    const step = 7 * recurrence.interval;
    // Without an anchor only interval 1 is meaningful; any matching weekday anchors it.
    const base = anchor ?? first + ((recurrence.weekday - weekdayOfDay(first) + 7) % 7);
    let day = base + Math.ceil((first - base) / step) * step;
    for (; day <= to; day += step) dates.push(day);
    return dates;
  }
  let { year, month } = yearMonthOf(first);
  for (;;) {
    const monthStart = dayNumber(year, month, 1);
    if (monthStart > to) break;
    const length = daysInMonth(year, month);
    const offset = (recurrence.weekday - weekdayOfDay(monthStart) + 7) % 7;
    const candidates: number[] = [];
    if (recurrence.kind === 'monthly-nth') {
      const lastOffset = offset + 7 * Math.floor((length - 1 - offset) / 7);
      for (const n of recurrence.nth) {
        const dom = n === -1 ? lastOffset : offset + 7 * (n - 1);
        if (dom < length) candidates.push(monthStart + dom);
      }
    } else {
      for (const md of recurrence.monthDays) {
        if (md <= length && (md - 1 - offset) % 7 === 0) candidates.push(monthStart + md - 1);
      }
    }
    // "fourth and last Tuesday": in a month with four Tuesdays both name one date, which RRULE counts once.
    const unique = [...new Set(candidates)].sort((a, b) => a - b);
    for (const day of unique) if (day >= first && day <= to) dates.push(day);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return dates;
}
