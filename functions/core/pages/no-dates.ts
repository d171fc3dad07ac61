import { DAY_MS, dayFromIso, utcDayOf } from '../calendar-date.ts';
import { scheduleDates } from '../occurrences.ts';
import type { MeetingView, SiteModel } from '../site-model.ts';
import { wallTime } from './clock.ts';
import { formatDate, type WallTime } from './time-format.ts';

/**
 * Why a feed holds no events, to complete "No dates published yet: …". Such a feed is still published
 * (whoever subscribed to its URL keeps a valid calendar), but pages never link it.
 */

/** `Tue 1 Dec 2026` for an ISO date. */
export function isoDateText(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  const w: WallTime = {
    year: year ?? 0,
    month: month ?? 1,
    day: day ?? 1,
    hour: 0,
    minute: 0,
    offsetMinutes: 0,
  };
  return formatDate(w);
}

/** `Tue 3 Nov 2026 to Tue 1 Jun 2027`: the days the calendars cover. */
export function windowText(model: Pick<SiteModel, 'window'>): string {
  const { start, end } = model.window;
  return `${formatDate(wallTime(start, 'UTC'))} to ${formatDate(wallTime(end - 1, 'UTC'))}`;
}

/** Why one meeting's calendar is empty (or absent). */
export function meetingWhyNoDates(model: Pick<SiteModel, 'window'>, view: MeetingView): string {
  const { meeting } = view;
  if (meeting.status === 'unscheduled' && !meeting.oneOffs) {
    return 'the text does not determine its dates, so it has no calendar yet (see above)';
  }
  if (meeting.status === 'unscheduled') {
    return `none of its listed dates falls in the period the calendars cover, ${windowText(model)}`;
  }
  const { schedule } = meeting;
  const firstDay = utcDayOf(model.window.start);
  if (schedule.until !== null && dayFromIso(schedule.until) < firstDay) {
    return `its last date was ${isoDateText(schedule.until)}`;
  }
  const lastDay = utcDayOf(model.window.end - DAY_MS);
  const next = scheduleDates(schedule, lastDay, lastDay + 400)[0];
  if (next !== undefined) {
    const date = new Date(next * DAY_MS).toISOString().slice(0, 10);
    return `its next date, ${isoDateText(date)}, is after the calendars' last day, ${formatDate(wallTime(model.window.end - 1, 'UTC'))}; it appears as it comes closer`;
  }
  return `none of its dates falls in the period the calendars cover, ${windowText(model)}`;
}

/** Why the calendar of several meetings (a group's, or everyone's) is empty. */
export function meetingsWhyNoDates(
  model: Pick<SiteModel, 'window'>,
  meetings: readonly MeetingView[],
  leftOut: number,
): string {
  if (meetings.length === 0 && leftOut === 0) return 'no meetings are listed';
  if (meetings.some((m) => m.feed !== null)) {
    return `none of the meetings has a date in the period the calendars cover, ${windowText(model)}`;
  }
  const parts = [];
  const n = meetings.length;
  if (n > 0) {
    parts.push(
      `${n} ${n === 1 ? 'is' : 'are'} unscheduled (the text does not determine the dates; ${n === 1 ? 'its page says' : 'their pages say'} what to add)`,
    );
  }
  if (leftOut > 0) {
    parts.push(
      `${leftOut} ${leftOut === 1 ? 'is' : 'are'} left out for an error in ${leftOut === 1 ? 'its entry' : 'their entries'}`,
    );
  }
  return `of the meetings listed, ${parts.join(', and ')}`;
}

/** `1 meeting`, `3 meetings`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
