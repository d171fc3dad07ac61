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
const HALF_DAY_MS = DAY_MS / 2;

/**
 * The UTC instant of a wall-clock time in `zone`, as RFC 5545 3.3.5 prescribes for DATE-TIME with TZID:
 * a time that occurs twice (clocks go back) means the first of the two; a time that does not occur
 * (clocks go forward) is read with the offset before the gap, so 02:30 on the spring-forward night in
 * Los Angeles is 10:30 UTC, which is 03:30 PDT.
 */
export function wallTimeToUtc(zone: IANAZone, day: number, minutesOfDay: number): number {
  const local = day * DAY_MS + minutesOfDay * MINUTE_MS;
  const before = zone.offset(local - HALF_DAY_MS);
  const after = zone.offset(local + HALF_DAY_MS);
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
  const zone = IANAZone.create(schedule.zone);
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
