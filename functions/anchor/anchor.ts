import { DAY_MS, dayFromIso, isoFromDay } from '../core/calendar-date.ts';
import { type Community, loadCommunity, type SourceText } from '../core/community.ts';
import { ValidationError } from '../core/errors.ts';
import { scheduleDates } from '../core/occurrences.ts';
import { readOverlay } from '../core/overlay.ts';
import { parseYamlTree } from '../core/yaml-tree.ts';
import {
  type Anchored,
  type BroughtException,
  type MatchResult,
  type MeetingRef,
  matchMeetings,
  type Unmatched,
} from './match.ts';
import { addToOverlay, hasContent, type OverlayAddition, type OverlayConflict } from './overlay-writer.ts';
import { type CalendarFile, readCalendar } from './read-calendar.ts';

/**
 * `sigcal anchor` without the I/O: reads the community and its calendars, matches the open meetings,
 * writes their `start` (and `until`, and with `exceptions` their future `skip` and `moved` dates) into
 * the overlay text, and checks the result by loading it as `build` will: every anchored meeting must
 * come out scheduled on exactly its series' dates, or it is not written.
 */

export interface AnchorInput {
  readonly source: SourceText;
  /** The overlay as it is, if there is one; its entries and text are kept. */
  readonly overlay?: SourceText;
  /** Name messages and comments use for the written overlay. */
  readonly outFile: string;
  readonly calendars: readonly SourceText[];
  readonly now: Date;
  /** Bring the matched series' future exceptions. */
  readonly exceptions: boolean;
}

export interface AnchorReport extends Omit<MatchResult, 'anchored'> {
  readonly anchored: readonly (Omit<Anchored, 'dates'> & { readonly key: string })[];
  /** Exceptions written, one per line of the report. */
  readonly exceptions: readonly (MeetingRef & BroughtException)[];
  /** Entries the overlay already had that were kept rather than changed. */
  readonly conflicts: readonly OverlayConflict[];
}

/** Days ahead a series is expanded and compared (a year, so every month and both fortnights show). */
export const HORIZON_DAYS = 366;

/** Matches, writes and verifies; throws ValidationError when the source or overlay is invalid as a file. */
export function anchorCommunity(input: AnchorInput): { report: AnchorReport; text: string } {
  const now = input.now.getTime();
  const overlay = input.overlay && hasContent(input.overlay.text) ? input.overlay : undefined;
  const community = loadCommunity(input.source, overlay ? { overlay } : {});
  const fatal = community.diagnostics.filter((d) => d.scope === 'file');
  if (fatal.length > 0) throw new ValidationError(fatal);
  const calendars: CalendarFile[] = input.calendars.map((c) =>
    readCalendar(c.text, c.file, { now, horizon: now + HORIZON_DAYS * DAY_MS }),
  );
  const match = matchMeetings(community, calendars, { now, exceptions: input.exceptions });
  const existingKeys = overlay
    ? readOverlay(parseYamlTree(overlay.text, overlay.file), overlay.file).overlay
    : new Map<string, ReadonlyMap<string, unknown>>();

  const anchored = [...match.anchored];
  const unmatched: Unmatched[] = [...match.unmatched];
  const keyed = new Map<Anchored, string>();
  for (const a of [...anchored]) {
    const key = overlayKey(community, a.meeting, existingKeys.get(a.meeting.group));
    if (typeof key === 'string') keyed.set(a, key);
    else demote(a, key.problem);
  }
  function demote(a: Anchored, reason: string): void {
    anchored.splice(anchored.indexOf(a), 1);
    unmatched.push({ meeting: a.meeting, reason, near: [{ ...a.series, why: 'matched, but not written' }] });
  }

  // Write, load as build would, and drop any meeting sigcal does not read as its series; `moved` is
  // left out of the check, which is about the dates the rule gives.
  let result = addToOverlay(input.overlay ?? null, additions(anchored, keyed));
  for (let round = 0; round < 3; round++) {
    const check = addToOverlay(input.overlay ?? null, additions(anchored, keyed, false));
    const failures = verify(input.source, { file: input.outFile, text: check.text }, anchored);
    if (failures.size === 0) break;
    for (const [a, why] of failures) demote(a, why);
    result = addToOverlay(input.overlay ?? null, additions(anchored, keyed));
  }
  unmatched.sort((a, b) => order(community, a.meeting) - order(community, b.meeting));
  const report: AnchorReport = {
    ...match,
    anchored: anchored.map((a) => ({ ...withoutDates(a), key: keyed.get(a) ?? a.meeting.description })),
    unmatched,
    exceptions: anchored.flatMap((a) => a.exceptions.map((e) => ({ ...a.meeting, ...e }))),
    conflicts: result.conflicts,
  };
  return { report, text: result.text };
}

function withoutDates(a: Anchored): Omit<Anchored, 'dates'> {
  const { dates: _, ...rest } = a;
  return rest;
}

function additions(
  anchored: readonly Anchored[],
  keys: ReadonlyMap<Anchored, string>,
  withMoved = true,
): OverlayAddition[] {
  return anchored.map((a) => {
    const skip = a.exceptions.flatMap((e) => (e.kind === 'skip' ? [e.date] : []));
    const moved = a.exceptions.flatMap((e) => (e.kind === 'moved' ? [[e.date, e.to] as const] : []));
    return {
      group: a.meeting.group,
      key: keys.get(a) ?? a.meeting.description,
      start: a.start,
      ...(a.until !== null ? { until: a.until } : {}),
      ...(skip.length > 0 ? { skip } : {}),
      ...(withMoved && moved.length > 0 ? { moved } : {}),
      comment: `sigcal anchor: "${a.series.summary}" ${a.series.rrule ?? '(RDATE)'} in ${a.series.calendar}`,
    };
  });
}

/**
 * The key the overlay uses for a meeting: the key of its existing entry, else its description, or its
 * id when another meeting of the group has the same description (an entry keyed by a shared
 * description would apply to both).
 */
function overlayKey(
  community: Community,
  meeting: MeetingRef,
  existing: ReadonlyMap<string, unknown> | undefined,
): string | { problem: string } {
  const group = community.groups.find((g) => g.dir === meeting.group);
  const sameDescription =
    (group?.meetings.filter((m) => m.description === meeting.description).length ?? 0) +
    community.leftOut.filter((m) => m.group === meeting.group && m.description === meeting.description)
      .length;
  if (existing?.has(meeting.description)) {
    if (sameDescription > 1) {
      return {
        problem: `the overlay entry "${meeting.description}" applies to every meeting so described; key them by id`,
      };
    }
    return meeting.description;
  }
  if (existing?.has(meeting.id)) return meeting.id;
  return sameDescription > 1 ? meeting.id : meeting.description;
}

/** Each anchored meeting that the written overlay does not make scheduled on its series' dates, and why. */
function verify(
  source: SourceText,
  overlay: SourceText,
  anchored: readonly Anchored[],
): Map<Anchored, string> {
  const failures = new Map<Anchored, string>();
  if (anchored.length === 0) return failures;
  const community = loadCommunity(source, { overlay });
  const fatal = community.diagnostics.find((d) => d.scope === 'file');
  for (const a of anchored) {
    const meeting = community.groups
      .find((g) => g.dir === a.meeting.group)
      ?.meetings.find((m) => m.id === a.meeting.id);
    if (fatal) failures.set(a, `the written overlay is not valid: ${fatal.message}`);
    else if (!meeting) failures.set(a, 'the meeting is left out with the written overlay');
    else if (meeting.status !== 'scheduled')
      failures.set(a, `still unscheduled with start ${a.start}: ${meeting.reason}`);
    else {
      const first = dayFromIso(a.start);
      const last = dayFromIso(a.dates.at(-1) ?? a.start);
      const dates = scheduleDates(meeting.schedule, first, last).map(isoFromDay);
      if (dates.join() !== a.dates.join()) {
        const differ = dates.find((d, i) => d !== a.dates[i]) ?? a.dates[dates.length];
        failures.set(a, `sigcal's rule from ${a.start} gives other dates than the series (from ${differ})`);
      }
    }
  }
  return failures;
}

function order(community: Community, meeting: MeetingRef): number {
  let i = 0;
  for (const g of community.groups) {
    for (const m of g.meetings) {
      if (g.dir === meeting.group && m.id === meeting.id) return i;
      i += 1;
    }
  }
  return i;
}
