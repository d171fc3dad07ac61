import type { MeetingView, SiteModel } from '../site-model.ts';
import { formatDate, type WallTime } from './time-format.ts';

/**
 * Why a feed holds no events, to complete "No dates published yet: …". Such a feed is still published
 * (whoever subscribed to its URL keeps a valid calendar), but pages never link it. The reasons name
 * only dates the source gives, never the build's day, so a page reads the same whichever day it is
 * built on.
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

/** The period the calendars cover, in words that hold on any day: `the last 28 days and the next 182`. */
export function windowWords(model: Pick<SiteModel, 'windowDays'>): string {
  const { before, after } = model.windowDays;
  return `the period the calendars cover (the last ${before} days and the next ${after})`;
}

/** Why one meeting's calendar is empty (or absent). */
export function meetingWhyNoDates(model: Pick<SiteModel, 'windowDays'>, view: MeetingView): string {
  const period = windowWords(model);
  const { meeting } = view;
  if (meeting.status === 'unscheduled' && !meeting.oneOffs) {
    return 'the text does not determine its dates, so it has no calendar yet (see above)';
  }
  if (meeting.status === 'unscheduled') {
    return `none of its listed dates falls in ${period}`;
  }
  const { schedule } = meeting;
  if (schedule.until !== null) {
    return `none of its dates falls in ${period}; its last date is ${isoDateText(schedule.until)}`;
  }
  if (schedule.start !== null) {
    return `none of its dates falls in ${period}; it starts on ${isoDateText(schedule.start)}, and its dates appear as they come closer`;
  }
  return `none of its dates falls in ${period}`;
}

/** Why the calendar of several meetings (a group's, or everyone's) is empty. */
export function meetingsWhyNoDates(
  model: Pick<SiteModel, 'windowDays'>,
  meetings: readonly MeetingView[],
  leftOut: number,
): string {
  if (meetings.length === 0 && leftOut === 0) return 'no meetings are listed';
  if (meetings.some((m) => m.feed !== null)) {
    return `none of the meetings has a date in ${windowWords(model)}`;
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
