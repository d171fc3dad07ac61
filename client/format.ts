import { type ClockPeriod, clockPeriods, formatOffset } from '../functions/core/pages/time-format.ts';
import { wallTimeIn } from './zone-clock.ts';

/**
 * Dates and times in the viewer's own words: the browser's locale (date order, names) through `Intl`,
 * with the 12- or 24-hour clock the viewer chose (by default, the locale's). Only the few words sigcal
 * adds ("in 3 h", "now") are English, as the pages are.
 */

export type Clock = 'h12' | 'h23';

type Style = 'datetime' | 'short' | 'date' | 'day' | 'time' | 'weekday-time' | 'weekday' | 'day-month';

const OPTIONS: Readonly<Record<Style, Intl.DateTimeFormatOptions>> = {
  datetime: {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  },
  short: { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' },
  date: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  day: { weekday: 'long', day: 'numeric', month: 'long' },
  time: { hour: 'numeric', minute: '2-digit' },
  'weekday-time': { weekday: 'long', hour: 'numeric', minute: '2-digit' },
  weekday: { weekday: 'short' },
  'day-month': { day: 'numeric', month: 'short' },
};

/** The clock the browser's locale uses when the viewer has not chosen one. */
export function localeClock(locale?: string): Clock {
  const cycle = new Intl.DateTimeFormat(locale, { hour: 'numeric' }).resolvedOptions().hourCycle;
  return cycle === 'h11' || cycle === 'h12' ? 'h12' : 'h23';
}

/**
 * The Formats of a zone, clock and locale, made once: each keeps its `Intl.DateTimeFormat`s, which
 * are slow to make, and a page renders again whenever the zone, the clock or the minute changes.
 */
export function formatsFor(zone: string, clock: Clock, locale?: string): Formats {
  const key = `${zone} ${clock} ${locale ?? ''}`;
  let formats = made.get(key);
  if (!formats) {
    formats = new Formats(zone, clock, locale);
    made.set(key, formats);
  }
  return formats;
}

const made = new Map<string, Formats>();

/** Formats instants in one zone, one locale and one clock. */
export class Formats {
  private readonly cache = new Map<Style, Intl.DateTimeFormat>();

  constructor(
    readonly zone: string,
    readonly clock: Clock,
    readonly locale?: string,
  ) {}

  private format(style: Style, ms: number): string {
    let f = this.cache.get(style);
    if (!f) {
      const options: Intl.DateTimeFormatOptions = { ...OPTIONS[style], timeZone: this.zone };
      if (options.hour) options.hourCycle = this.clock;
      f = new Intl.DateTimeFormat(this.locale, options);
      this.cache.set(style, f);
    }
    return f.format(ms);
  }

  /** `Tue, Dec 1, 2026, 10:30 AM` (en-US), `Di., 1. Dez. 2026, 10:30` (de-DE). */
  dateTime(ms: number): string {
    return this.format('datetime', ms);
  }
  /** Without the year. */
  shortDateTime(ms: number): string {
    return this.format('short', ms);
  }
  date(ms: number): string {
    return this.format('date', ms);
  }
  /** A day heading: `Tuesday, December 1`. */
  day(ms: number): string {
    return this.format('day', ms);
  }
  time(ms: number): string {
    return this.format('time', ms);
  }
  weekdayTime(ms: number): string {
    return this.format('weekday-time', ms);
  }
  weekday(ms: number): string {
    return this.format('weekday', ms);
  }
  /** `Dec 1` */
  dayMonth(ms: number): string {
    return this.format('day-month', ms);
  }
  /** `7:30 – 8:30 PM`: a time range as the locale writes one. */
  timeRange(start: number, end: number): string {
    this.format('time', start);
    const f = this.cache.get('time') as Intl.DateTimeFormat;
    return typeof f.formatRange === 'function'
      ? f.formatRange(start, end)
      : `${f.format(start)}–${f.format(end)}`;
  }
  /** `UTC+5:30` */
  offset(ms: number): string {
    return formatOffset(wallTimeIn(ms, this.zone).offsetMinutes);
  }

  /**
   * How the local time of a series of instants moves on this zone's clock:
   * `8:00 PM from Thu, Dec 3, 2026 to Thu, Mar 4, 2027, then 7:00 PM from Thu, Mar 18, 2027`.
   */
  describePeriods(instants: readonly number[]): string {
    return this.periods(instants)
      .map(({ first, last }, i) => {
        const span =
          first === last ? `on ${this.date(first)}` : `from ${this.date(first)} to ${this.date(last)}`;
        return `${i === 0 ? '' : 'then '}${this.time(first)} ${span}`;
      })
      .join(', ');
  }

  /** `Thursday 5:00 PM`, or with later changes: `Thursday 5:00 PM (from Thu, Mar 18, 2027: Thursday 4:00 PM)`. */
  describeConversion(instants: readonly number[]): string {
    const [first, ...rest] = this.periods(instants);
    if (!first) return '';
    const clock = this.weekdayTime(first.first);
    if (rest.length === 0) return clock;
    return `${clock} (${rest.map((p) => `from ${this.date(p.first)}: ${this.weekdayTime(p.first)}`).join('; ')})`;
  }

  /** Runs of instants at the same local weekday and time (the key is zone-only, not locale). */
  periods(instants: readonly number[]): { first: number; last: number }[] {
    const walls = instants.map((ms) => wallTimeIn(ms, this.zone));
    const periods: ClockPeriod[] = clockPeriods(walls);
    let i = 0;
    return periods.map((p) => {
      const start = walls.indexOf(p.first, i);
      const end = walls.indexOf(p.last, start);
      i = end + 1;
      return { first: instants[start] as number, last: instants[end] as number };
    });
  }
}

const MINUTE = 60_000;

/**
 * How soon an occurrence is, from `now`: `now` while it runs, `in 45 min`, `in 3 h 20 min`,
 * `in 1 day 4 h`, `in 3 days`; `ended` once it is over.
 */
export function countdown(start: number, end: number, now: number): string {
  if (now >= end) return 'ended';
  if (now >= start) return 'now';
  const minutes = Math.ceil((start - now) / MINUTE);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `in ${hours} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
  const days = Math.floor(hours / 24);
  if (days < 2) return `in 1 day${hours % 24 === 0 ? '' : ` ${hours % 24} h`}`;
  return `in ${days} days`;
}
