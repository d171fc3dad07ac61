import { IANAZone } from 'luxon';
import { DAY_MS, dayFromIso, isoFromDay, utcDayOf } from './calendar-date.ts';
import { type Recurrence, recurrenceDates } from './recurrence.ts';
import type { LocalTime } from './schedule-text.ts';
import type { PublishingWindow } from './window.ts';

/** Everything needed to compute a meeting's dates: the rule, its wall-clock time and its zone. */
export interface Schedule {
  /** IANA zone the meeting's wall-clock time is in. */
  readonly zone: string;
  readonly time: LocalTime;
  readonly durationMinutes: number;
  readonly recurrence: Recurrence;
  /** First date of the series (ISO), when the source gives one. */
  readonly start: string | null;
  /** Last possible date (ISO, inclusive). */
  readonly until: string | null;
  /** Cancelled dates (ISO): published as cancelled events, never silently dropped. */
  readonly skip: readonly string[];
}

/** One concrete meeting: a local date in the meeting's zone and its instants in UTC. */
export interface Occurrence {
  /** The date on the meeting's own wall calendar, `YYYY-MM-DD`. */
  readonly localDate: string;
  /** Start and end as UTC milliseconds. */
  readonly start: number;
  readonly end: number;
  readonly cancelled: boolean;
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
 * move the UTC time and never the local one.
 */
export function expandSchedule(schedule: Schedule, window: PublishingWindow): Occurrence[] {
  const zone = ZoneOffsets.of(schedule.zone);
  // A local date can be up to a day either side of the UTC date (offsets span -12h…+14h).
  const dates = scheduleDates(schedule, utcDayOf(window.start) - 1, utcDayOf(window.end - 1) + 1);
  const skip = new Set(schedule.skip);
  const minutes = schedule.time.hour * 60 + schedule.time.minute;
  const occurrences: Occurrence[] = [];
  for (const day of dates) {
    const start = wallTimeToUtc(zone, day, minutes);
    if (start < window.start || start >= window.end) continue;
    const localDate = isoFromDay(day);
    occurrences.push({
      localDate,
      start,
      end: start + schedule.durationMinutes * MINUTE_MS,
      cancelled: skip.has(localDate),
    });
  }
  return occurrences;
}
