import { DateTime } from 'luxon';
import { dayNumber, weekdayOfDay } from '../calendar-date.ts';
import type { Meeting } from '../meeting.ts';
import { wallTimeToUtc, ZoneOffsets } from '../occurrences.ts';
import type { WallTime } from './time-format.ts';

/**
 * The wall time of an instant in an IANA zone: explicit zone, never the host's. The offset comes from
 * luxon's zone data, memoised per day (pages format thousands of times in a handful of zones).
 */
export function wallTime(ms: number, zone: string): WallTime {
  const offsetMinutes = ZoneOffsets.of(zone).offset(ms);
  const local = new Date(ms + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    offsetMinutes,
  };
}

/** `2026-12-01T18:30Z`: a valid HTML global date and time. */
export function isoInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16)}Z`;
}

/**
 * Instants at which to convert an unscheduled meeting's weekday and time into other zones: that weekday
 * and time in the meeting's zone, every week from `now` up to `end`. They are example dates for the
 * conversion (DST makes it depend on the date), never presented as meeting dates.
 */
export function conversionInstants(meeting: Meeting, now: number, end: number): number[] {
  const zone = ZoneOffsets.of(meeting.zone);
  const today = DateTime.fromMillis(now, { zone: meeting.zone });
  const minutes = meeting.time.hour * 60 + meeting.time.minute;
  let day = dayNumber(today.year, today.month, today.day);
  while (weekdayOfDay(day) !== meeting.weekday || wallTimeToUtc(zone, day, minutes) < now) day += 1;
  const instants: number[] = [];
  for (let at = wallTimeToUtc(zone, day, minutes); instants.length === 0 || at < end; ) {
    instants.push(at);
    day += 7;
    at = wallTimeToUtc(zone, day, minutes);
  }
  return instants;
}
