import { isoWeekday } from '../functions/core/pages/time-format.ts';
import type { DataMeeting } from './data.ts';
import { instantOf, wallTimeIn } from './zone-clock.ts';

/**
 * The instants at which an unscheduled meeting's weekday and time fall in its zone over the coming
 * weeks: example dates to convert the time (DST makes the conversion depend on the date), never
 * presented as meeting dates.
 */
export function conversionInstants(meeting: DataMeeting, now: number, weeks = 26): number[] {
  const [hour, minute] = meeting.time.split(':').map(Number);
  const today = wallTimeIn(now, meeting.zone);
  const instants: number[] = [];
  for (let d = 0; instants.length < weeks && d < 7 * weeks + 7; d++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + d));
    if (isoWeekday(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()) !== meeting.weekday)
      continue;
    const at = instantOf(
      meeting.zone,
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      hour ?? 0,
      minute ?? 0,
    );
    if (at >= now) instants.push(at);
  }
  return instants;
}
