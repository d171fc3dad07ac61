import { IANAZone } from 'luxon';
import { DAY_MS, dayFromIso, isoFromDay, utcDayOf } from './calendar-date.ts';
import { type Recurrence, recurrenceDates } from './recurrence.ts';
import type { LocalTime } from './schedule-text.ts';
import type { PublishingWindow } from './window.ts';

/** A date and wall-clock time in a meeting's own zone, as the schedule extensions write them. */
export interface LocalDateTime {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly time: LocalTime;
}

/** A date of the series moved to another local date and time (`moved:`). */
export interface MovedDate {
  /** The date of the series it replaces (ISO): the occurrence keeps this date's UID. */
  readonly from: string;
  readonly to: LocalDateTime;
}

/**
 * The dates a meeting's text determines one by one: dates of its series moved elsewhere, and dates
 * outside its rule. An unscheduled meeting can have them too: they are dates the source gives.
 */
export interface OneOffDates {
  /** IANA zone the meeting's wall-clock times are in. */
  readonly zone: string;
  /** The meeting's usual wall-clock time (a moved date's original time). */
  readonly time: LocalTime;
  readonly durationMinutes: number;
  /** Cancelled dates (ISO), of the series or extra: published as cancelled events, never silently dropped. */
  readonly skip: readonly string[];
  /** Absent = none. */
  readonly moved?: readonly MovedDate[];
  /** One-off occurrences outside the rule. Absent = none. */
  readonly extra?: readonly LocalDateTime[];
}

/** Everything needed to compute a meeting's dates: the rule, its wall-clock time and its zone. */
export interface Schedule extends OneOffDates {
  readonly recurrence: Recurrence;
  /** First date of the series (ISO), when the source gives one. */
  readonly start: string | null;
  /** Last possible date (ISO, inclusive). */
  readonly until: string | null;
}

/** One concrete meeting: a local date in the meeting's zone and its instants in UTC. */
export interface Occurrence {
  /** The date on the meeting's own wall calendar, `YYYY-MM-DD` (for a moved date: where it moved to). */
  readonly localDate: string;
  /**
   * The date that names the occurrence in its UID: the date of the series (for a moved one, the date it
   * was moved from), or an extra's own date. Stable, so calendars update the event in place.
   */
  readonly seriesDate: string;
  /** `regular`: a date of the rule; `moved`: one moved by `moved:`; `extra`: one added by `extra:`. */
  readonly kind: 'regular' | 'moved' | 'extra';
  /** Start and end as UTC milliseconds. */
  readonly start: number;
  readonly end: number;
  readonly cancelled: boolean;
  /** For a moved occurrence, the UTC start it would have had on its date of the series; else null. */
  readonly movedFrom: number | null;
}

const MINUTE_MS = 60_000;
/**
 * Offsets span UTC-12…UTC+14, so a wall time read as if it were UTC is within 14 hours of every instant
 * it can denote; probing that far either side finds the offsets before and after a nearby transition.
 * (12 hours is not enough east of UTC+12: Auckland's and Chatham's transitions would be missed.)
 */
const PROBE_MS = 14 * 60 * MINUTE_MS;

/**
 * A zone's UTC offsets, memoised per UTC day: `Intl` (which luxon asks) costs microseconds per call,
 * and a build asks hundreds of thousands of times about a few zones. Where a day begins and ends
 * with the same offset the whole day has it (no zone changes offset twice within a day); only days
 * with a transition are asked about each instant.
 */
export class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly days = new Map<number, number>();

  private constructor(name: string) {
    this.zone = IANAZone.create(name);
  }

  private static readonly cache = new Map<string, ZoneOffsets>();

  static of(name: string): ZoneOffsets {
    let offsets = ZoneOffsets.cache.get(name);
    if (!offsets) {
      offsets = new ZoneOffsets(name);
      ZoneOffsets.cache.set(name, offsets);
    }
    return offsets;
  }

  /** Offset from UTC in minutes at an instant. */
  offset(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    const start = this.dayStart(day);
    return start === this.dayStart(day + 1) ? start : this.zone.offset(ms);
  }

  private dayStart(day: number): number {
    let offset = this.days.get(day);
    if (offset === undefined) {
      offset = this.zone.offset(day * DAY_MS);
      this.days.set(day, offset);
    }
    return offset;
  }
}

/**
 * The minute of the day (0-1439) on the wall clocks of zone `to` when those of zone `from` show
 * `minutesOfDay` on `day` (days since the epoch): 10:00 in America/Los_Angeles on 2027-01-15 is 18:00
 * in UTC.
 */
export function clockElsewhere(day: number, minutesOfDay: number, from: string, to: string): number {
  const instant = wallTimeToUtc(ZoneOffsets.of(from), day, minutesOfDay);
  const there = instant / MINUTE_MS + ZoneOffsets.of(to).offset(instant);
  return ((there % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
}
const DAY_MINUTES = 24 * 60;

/**
 * The UTC instant of a wall-clock time in `zone`, as RFC 5545 3.3.5 prescribes for DATE-TIME with TZID:
 * a time that occurs twice (clocks go back) means the first of the two; a time that does not occur
 * (clocks go forward) is read with the offset before the gap, so 02:30 on the spring-forward night in
 * Los Angeles is 10:30 UTC, which is 03:30 PDT.
 */
export function wallTimeToUtc(zone: ZoneOffsets, day: number, minutesOfDay: number): number {
  const local = day * DAY_MS + minutesOfDay * MINUTE_MS;
  const before = zone.offset(local - PROBE_MS);
  const after = zone.offset(local + PROBE_MS);
  const withBefore = local - before * MINUTE_MS;
  if (before === after) return withBefore;
  const withAfter = local - after * MINUTE_MS;
  const beforeFits = zone.offset(withBefore) === before;
  const afterFits = zone.offset(withAfter) === after;
  if (beforeFits && afterFits) return Math.min(withBefore, withAfter);
  if (afterFits) return withAfter;
  return withBefore;
}

/** The local dates a schedule produces between two day numbers (inclusive), ignoring skips. */
export function scheduleDates(schedule: Schedule, from: number, to: number): number[] {
  const anchor = schedule.start === null ? null : dayFromIso(schedule.start);
  const last = schedule.until === null ? to : Math.min(to, dayFromIso(schedule.until));
  return recurrenceDates(schedule.recurrence, anchor, from, last);
}

/**
 * Expands a schedule into the occurrences whose start lies inside the window, in time order. Each one
 * is computed as wall time on its own local date and converted to UTC on that date, so DST changes
 * move the UTC time and never the local one. A moved date is published where it moved to (its new
 * start decides whether it is inside the window), and extra dates are added.
 */
export function expandSchedule(schedule: Schedule, window: PublishingWindow): Occurrence[] {
  const zone = ZoneOffsets.of(schedule.zone);
  // A local date can be up to a day either side of the UTC date (offsets span -12h…+14h).
  const dates = scheduleDates(schedule, utcDayOf(window.start) - 1, utcDayOf(window.end - 1) + 1);
  const skip = new Set(schedule.skip);
  const moved = new Set((schedule.moved ?? []).map((m) => m.from));
  const minutes = schedule.time.hour * 60 + schedule.time.minute;
  const occurrences: Occurrence[] = [];
  for (const day of dates) {
    const start = wallTimeToUtc(zone, day, minutes);
    if (start < window.start || start >= window.end) continue;
    const localDate = isoFromDay(day);
    if (moved.has(localDate)) continue;
    occurrences.push({
      localDate,
      seriesDate: localDate,
      kind: 'regular',
      start,
      end: start + schedule.durationMinutes * MINUTE_MS,
      cancelled: skip.has(localDate),
      movedFrom: null,
    });
  }
  const oneOffs = expandOneOffs(schedule, window);
  if (oneOffs.length === 0) return occurrences;
  return [...occurrences, ...oneOffs].sort(
    (a, b) => a.start - b.start || (a.seriesDate < b.seriesDate ? -1 : a.seriesDate > b.seriesDate ? 1 : 0),
  );
}

/**
 * The moved and extra occurrences whose (new) start lies inside the window, in time order: for a
 * scheduled meeting, with its regular dates (see {@link expandSchedule}); for an unscheduled one, alone.
 * A moved date that is also skipped is published cancelled, where it moved to.
 */
export function expandOneOffs(dates: OneOffDates, window: PublishingWindow): Occurrence[] {
  const zone = ZoneOffsets.of(dates.zone);
  const skip = new Set(dates.skip);
  const usual = dates.time.hour * 60 + dates.time.minute;
  const instant = (at: LocalDateTime) =>
    wallTimeToUtc(zone, dayFromIso(at.date), at.time.hour * 60 + at.time.minute);
  const occurrences: Occurrence[] = [];
  const add = (
    at: LocalDateTime,
    seriesDate: string,
    kind: 'moved' | 'extra',
    movedFrom: number | null,
  ): void => {
    const start = instant(at);
    if (start < window.start || start >= window.end) return;
    occurrences.push({
      localDate: at.date,
      seriesDate,
      kind,
      start,
      end: start + dates.durationMinutes * MINUTE_MS,
      cancelled: skip.has(seriesDate),
      movedFrom,
    });
  };
  for (const m of dates.moved ?? []) {
    add(m.to, m.from, 'moved', wallTimeToUtc(zone, dayFromIso(m.from), usual));
  }
  for (const e of dates.extra ?? []) add(e, e.date, 'extra', null);
  return occurrences.sort((a, b) => a.start - b.start);
}
