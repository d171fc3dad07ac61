import { dayFromIso, utcDayOf } from './calendar-date.ts';
import type { Community } from './community.ts';
import type { Diagnostic } from './errors.ts';
import { localDateTime, type Meeting } from './meeting.ts';
import { type Schedule, scheduleDates, wallTimeToUtc, ZoneOffsets } from './occurrences.ts';
import { toRRule } from './recurrence.ts';
import { meetingFeed, meetingPage } from './site-contract.ts';
import { candidateDates, startAdvice } from './start-advice.ts';
import type { PublishingWindow } from './window.ts';

/** A problem as `validate --json` prints it. */
export interface ReportDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly path: string;
  readonly message: string;
}

/** One meeting as `validate --json` prints it (the contract in the README). */
export interface ReportMeeting {
  readonly group: string;
  readonly subproject: string | null;
  readonly index: number;
  readonly id: string | null;
  readonly description: string;
  /** `invalid` marks a meeting left out for an error (see `reason`); only present when `ok` is false. */
  readonly status: 'scheduled' | 'unscheduled' | 'invalid';
  readonly timezone: string | null;
  readonly dtstart: string | null;
  readonly rrule: string | null;
  /** Minutes. */
  readonly duration: number | null;
  readonly reason: string | null;
  readonly feed: string | null;
  readonly page: string | null;
  /**
   * For an unscheduled meeting, the next dates (`YYYY-MM-DD`) that, given as `start`, would determine
   * its dates, each determining other ones; empty otherwise, or when no start date would.
   */
  readonly candidates: readonly string[];
}

export interface ValidationReport {
  readonly ok: boolean;
  readonly errors: readonly ReportDiagnostic[];
  readonly warnings: readonly ReportDiagnostic[];
  readonly meetings: readonly ReportMeeting[];
}

/**
 * The source's warnings, as `validate` reports them without `--strict` and a build prints them: the
 * community's own, then each series that ended before the publishing window.
 */
export function sourceWarnings(community: Community, window: PublishingWindow): Diagnostic[] {
  return [...community.diagnostics.filter((d) => d.scope === 'warning'), ...endedSeries(community, window)];
}

/** A series that ended before the window ("until: 2026-06-30") publishes nothing: a warning saying so. */
function endedSeries(community: Community, window: PublishingWindow): Diagnostic[] {
  return community.groups.flatMap((group) =>
    group.meetings.flatMap((m) =>
      m.status === 'scheduled' &&
      m.schedule.until !== null &&
      dayFromIso(m.schedule.until) < utcDayOf(window.start)
        ? [
            {
              ...m.at,
              path: `${m.at.path}.until`,
              scope: 'warning' as const,
              message: `the series ended on ${m.schedule.until}, before the published dates begin: it publishes no meeting (remove it, or its until)`,
            },
          ]
        : [],
    ),
  );
}

/**
 * The validation report of a community. `dtstart` + `rrule` reproduce each schedule in any RFC 5545
 * implementation; a series without a start date is anchored at its first date inside `window`.
 * Candidate start dates are counted from the UTC day of `now`.
 */
export function buildReport(
  community: Community,
  window: PublishingWindow,
  options: { readonly now: Date; readonly strict?: boolean },
): ValidationReport {
  const strict = options.strict ?? false;
  const plain = ({ file, line, path, message }: Diagnostic): ReportDiagnostic => ({
    file,
    line,
    path,
    message,
  });
  const isError = (d: Diagnostic) => d.scope !== 'warning' || strict;
  const diagnostics = [...community.diagnostics, ...endedSeries(community, window)];
  const errors = diagnostics.filter(isError).map(plain);
  const warnings = diagnostics.filter((d) => !isError(d)).map(plain);
  const rows: { line: number; row: ReportMeeting }[] = [];
  const today = utcDayOf(options.now.getTime());
  for (const group of community.groups) {
    for (const meeting of group.meetings) {
      const advice = meeting.status === 'unscheduled' ? startAdvice(community, meeting, today) : null;
      rows.push({ line: meeting.at.line, row: reportMeeting(meeting, window, candidateDates(advice)) });
    }
  }
  for (const m of community.leftOut) {
    rows.push({
      line: m.at.line,
      row: {
        group: m.group,
        subproject: m.subproject,
        index: m.index,
        id: m.id,
        description: m.description,
        status: 'invalid',
        timezone: null,
        dtstart: null,
        rrule: null,
        duration: null,
        reason: m.reason,
        feed: null,
        page: null,
        candidates: [],
      },
    });
  }
  rows.sort((a, b) => a.line - b.line);
  return { ok: errors.length === 0, errors, warnings, meetings: rows.map((r) => r.row) };
}

function reportMeeting(meeting: Meeting, window: PublishingWindow, candidates: string[]): ReportMeeting {
  const common = {
    group: meeting.group,
    subproject: meeting.subproject,
    index: meeting.index,
    id: meeting.id,
    description: meeting.description,
    timezone: meeting.zone,
    duration: meeting.durationMinutes,
    page: meetingPage(meeting.group, meeting.id),
    candidates,
  };
  if (meeting.status === 'unscheduled') {
    return {
      ...common,
      status: 'unscheduled',
      dtstart: null,
      rrule: null,
      reason: meeting.reason,
      // Its one-off dates, when it has some, are published in its own feed.
      feed: meeting.oneOffs ? meetingFeed(meeting.group, meeting.id) : null,
    };
  }
  const { schedule } = meeting;
  const first = seriesAnchor(schedule, window);
  return {
    ...common,
    status: 'scheduled',
    dtstart: first === null ? null : localDateTime(first, schedule.time),
    rrule: toRRule(schedule.recurrence, schedule.until ? untilUtc(schedule) : undefined),
    reason: null,
    feed: meetingFeed(meeting.group, meeting.id),
  };
}

/**
 * The start date when given, else the first date whose meeting starts inside the window. That is the
 * first occurrence `expandSchedule` publishes, which can fall on the local date before the window's
 * first UTC day (16:00 in Los Angeles is midnight UTC), so the RRULE reproduces it too.
 */
export function seriesAnchor(schedule: Schedule, window: PublishingWindow): number | null {
  if (schedule.start !== null) return dayFromIso(schedule.start);
  const zone = ZoneOffsets.of(schedule.zone);
  const minutes = schedule.time.hour * 60 + schedule.time.minute;
  const from = utcDayOf(window.start) - 1;
  const dates = scheduleDates(schedule, from, from + 400);
  return dates.find((day) => wallTimeToUtc(zone, day, minutes) >= window.start) ?? null;
}

/** UNTIL as a UTC date-time: the meeting's start instant on its `until` date (RFC 5545: inclusive). */
function untilUtc(schedule: Schedule): string {
  const day = dayFromIso(schedule.until as string);
  const ms = wallTimeToUtc(
    ZoneOffsets.of(schedule.zone),
    day,
    schedule.time.hour * 60 + schedule.time.minute,
  );
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
