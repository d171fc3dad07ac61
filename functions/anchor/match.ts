import { DAY_MS, dayFromIso, isoFromDay, weekdayOfDay, yearMonthOf } from '../core/calendar-date.ts';
import type { Community, CommunityGroup } from '../core/community.ts';
import { clockText, type Meeting, type ScheduledMeeting } from '../core/meeting.ts';
import { scheduleDates } from '../core/occurrences.ts';
import { describeRecurrence, type Recurrence, recurrenceDates, WEEKDAY_NAMES } from '../core/recurrence.ts';
import { parseDay, parseFrequency } from '../core/schedule-text.ts';
import { type CalendarFile, type CalendarSeries, type SeriesKind, wallClock } from './read-calendar.ts';
import { commonWords, similarity, titleWords } from './titles.ts';

/**
 * Matches meetings whose dates the text leaves open (every n weeks without a start, monthly without a
 * week, alternating with another meeting) with the series of existing calendars: same weekday, same
 * wall-clock time in the meeting's own zone, and dates that sigcal's rule, started on the series' first
 * date, reproduces exactly. Title similarity only tells apart series that fit the same slot. Meetings
 * the text determines are never changed; where a calendar says otherwise, that is a disagreement.
 */

/** A meeting as the report names it. */
export interface MeetingRef {
  readonly group: string;
  readonly subproject: string | null;
  readonly id: string;
  readonly description: string;
  readonly zone: string;
}

/** A calendar series as the report names it; dates and times are in the meeting's zone. */
export interface SeriesRef {
  readonly calendar: string;
  readonly kind: SeriesKind;
  readonly uid: string;
  readonly summary: string;
  readonly rrule: string | null;
  /** The series' first date-time on the meeting's wall clock, `2026-01-13T09:00` (null for all-day events). */
  readonly first: string | null;
}

/** A future exception of an anchored series, as the overlay takes it. */
export type BroughtException =
  | { readonly kind: 'skip'; readonly date: string; readonly why: 'excluded' | 'cancelled' }
  | { readonly kind: 'moved'; readonly date: string; readonly to: string };

export interface Anchored {
  readonly meeting: MeetingRef;
  readonly series: SeriesRef;
  /** The series' first date that sigcal's rule produces: the overlay's `start`. */
  readonly start: string;
  /** The series' last date when it ends: the overlay's `until`. */
  readonly until: string | null;
  /** Future exceptions to bring (only with `exceptions: true`). */
  readonly exceptions: readonly BroughtException[];
  /** The series' dates from `start` on (local, ISO), up to its end or the horizon: what sigcal must publish. */
  readonly dates: readonly string[];
}

export interface Ambiguous {
  readonly meeting: MeetingRef;
  readonly candidates: readonly SeriesRef[];
}

export interface Unmatched {
  readonly meeting: MeetingRef;
  readonly reason: string;
  /** Series that came close (the slot or the title), with what kept each out. */
  readonly near: readonly (SeriesRef & { readonly why: string })[];
}

export interface Disagreement {
  readonly meeting: MeetingRef;
  readonly series: SeriesRef;
  /** What differs: `time`, `weekday`, `interval`, `weeks` (the other fortnight), `week of the month`, `dates`. */
  readonly differences: readonly string[];
  /** The calendar's schedule and the text's, in words. */
  readonly calendar: string;
  readonly text: string;
}

export interface MatchResult {
  readonly anchored: readonly Anchored[];
  readonly ambiguous: readonly Ambiguous[];
  readonly unmatched: readonly Unmatched[];
  readonly disagreements: readonly Disagreement[];
  /** Unscheduled meetings whose text gives no rule a start date could fix (quarterly, ad hoc, …). */
  readonly notAnchorable: readonly (MeetingRef & { readonly reason: string })[];
  /** Per calendar: how many entries of each kind it has. */
  readonly calendars: readonly {
    readonly file: string;
    readonly name: string | null;
    readonly kinds: Readonly<Record<SeriesKind, number>>;
  }[];
}

export interface MatchOptions {
  /** The present (UTC ms). */
  readonly now: number;
  /** Bring future exceptions of anchored series. */
  readonly exceptions: boolean;
  /** How far back a series' dates must fit the slot (days). Default 182. */
  readonly lookbackDays?: number;
}

/** The rule an open meeting's text gives, short of its start. */
export type OpenRule =
  | { readonly kind: 'weeks'; readonly interval: number; readonly alternating: boolean }
  | { readonly kind: 'monthly' };

/** Whether an unscheduled meeting's dates are open in a way a start date closes, and how. */
export function openRule(meeting: Meeting): OpenRule | null {
  if (meeting.status !== 'unscheduled') return null;
  const frequency = parseFrequency(meeting.written.frequency);
  const day = parseDay(meeting.written.day);
  if (!frequency.ok || !day.ok || day.value.nth) return null;
  const { rule, alternating } = frequency.value;
  if (rule.kind === 'weekly' && rule.interval > 1)
    return { kind: 'weeks', interval: rule.interval, alternating };
  if (rule.kind === 'monthly' && !alternating) return { kind: 'monthly' };
  return null;
}

/** The recurrence sigcal reads from an open meeting's text once it has `start`; null if none fits. */
export function ruleFromStart(rule: OpenRule, meeting: Meeting, start: number): Recurrence | null {
  if (rule.kind === 'weeks') return { kind: 'weekly', interval: rule.interval, weekday: meeting.weekday };
  // "monthly" + start: the nth weekday of the start date, as meeting.ts reads it; a fifth is refused.
  const nth = Math.ceil(yearMonthOf(start).dayOfMonth / 7);
  return nth === 5 ? null : { kind: 'monthly-nth', weekday: meeting.weekday, nth: [nth] };
}

interface Entry {
  readonly group: CommunityGroup;
  readonly meeting: Meeting;
  readonly words: Set<string>;
}

/** One series seen from one meeting: its dates on the meeting's wall clock. */
interface View {
  readonly series: CalendarSeries;
  /** Local day and minutes of every instance. */
  readonly local: readonly { readonly day: number; readonly minutes: number }[];
  /** Index of the first instance at or after the lookback. */
  readonly current: number;
}

/** Matches every meeting of `community` against the calendars' series. Pure. */
export function matchMeetings(
  community: Community,
  calendars: readonly CalendarFile[],
  options: MatchOptions,
): MatchResult {
  const lookback = options.now - (options.lookbackDays ?? 182) * DAY_MS;
  const all = calendars.flatMap((c) => c.series);
  const live = all.filter((s) => s.kind === 'recurring');
  const names = new Map(calendars.map((c) => [c.file, c.name ?? '']));
  const seriesWords = new Map(live.map((s) => [s, titleWords(`${s.summary} ${names.get(s.calendar)}`)]));
  const common = commonWords([...seriesWords.values()]);
  const entries: Entry[] = community.groups.flatMap((group) =>
    group.meetings.map((meeting) => ({
      group,
      meeting,
      words: titleWords([group.dir, group.name, meeting.subproject ?? '', meeting.description].join(' ')),
    })),
  );
  // Each series is read on each zone's wall clock once, however many meetings share the zone.
  const clocks = new Map<CalendarSeries, Map<string, ReturnType<typeof wallClock>[]>>();
  const view = (meeting: Meeting, series: CalendarSeries): View => {
    const byZone = clocks.get(series) ?? new Map<string, ReturnType<typeof wallClock>[]>();
    clocks.set(series, byZone);
    let local = byZone.get(meeting.zone);
    if (!local) {
      local = series.instances.map((ms) => wallClock(ms, meeting.zone));
      byZone.set(meeting.zone, local);
    }
    const current = series.instances.findIndex((ms) => ms >= lookback);
    return { series, local, current: current === -1 ? series.instances.length : current };
  };

  /** Whether the series' current instances are on the meeting's weekday and wall-clock time. */
  const inSlot = (entry: Entry, s: CalendarSeries): boolean => {
    const v = view(entry.meeting, s);
    const at = v.local[v.current] ?? v.local.at(-1);
    const { weekday, time } = entry.meeting;
    return (
      at !== undefined && weekdayOfDay(at.day) === weekday && at.minutes === time.hour * 60 + time.minute
    );
  };
  const score = new Map<CalendarSeries, Map<Entry, number>>();
  // The meeting a series' title names best: among all meetings (to report a determined meeting's
  // disagreeing calendar), and among the meetings in its slot (to anchor: the title only separates
  // meetings that share a slot, so a group's monthly meeting cannot take its biweekly one's series).
  const owner = new Map<CalendarSeries, Entry | null>();
  const slotOwner = new Map<CalendarSeries, Entry | null>();
  const best = (scores: ReadonlyMap<Entry, number>, keep: (entry: Entry) => boolean): Entry | null => {
    let top: Entry | null = null;
    let topScore = 0;
    let tied = false;
    for (const [entry, value] of scores) {
      if (!keep(entry)) continue;
      if (value > topScore) {
        top = entry;
        topScore = value;
        tied = false;
      } else if (value === topScore) tied = true;
    }
    return tied ? null : top;
  };
  for (const s of live) {
    const scores = new Map<Entry, number>();
    for (const entry of entries) {
      const value = similarity(entry.words, seriesWords.get(s) ?? new Set(), common);
      if (value > 0) scores.set(entry, value);
    }
    score.set(s, scores);
    owner.set(
      s,
      best(scores, () => true),
    );
    slotOwner.set(
      s,
      best(scores, (entry) => inSlot(entry, s)),
    );
  }
  const anchored: Anchored[] = [];
  const ambiguous: Ambiguous[] = [];
  const unmatched: Unmatched[] = [];
  const disagreements: Disagreement[] = [];
  const notAnchorable: (MeetingRef & { reason: string })[] = [];
  for (const entry of entries) {
    const { meeting } = entry;
    const titled = live.filter((s) => (score.get(s)?.get(entry) ?? 0) > 0);
    if (meeting.status === 'scheduled') {
      const owned = titled.filter((s) => owner.get(s) === entry).map((s) => view(meeting, s));
      disagreements.push(...disagree(meeting, owned, options.now));
      continue;
    }
    const rule = openRule(meeting);
    if (!rule) {
      notAnchorable.push({ ...ref(meeting), reason: meeting.reason });
      continue;
    }
    const fits: { view: View; fit: Fitting }[] = [];
    const near: (SeriesRef & { why: string })[] = [];
    for (const s of live) {
      const v = view(meeting, s);
      const fit = fitOpen(meeting, rule, v);
      const title = score.get(s)?.get(entry) ?? 0;
      if (fit.ok && title > 0) fits.push({ view: v, fit });
      else if (fit.ok)
        near.push({
          ...seriesRef(v, fit.startIndex),
          why: 'fits the slot, but its title is not like the meeting',
        });
      else if (title > 0 && (owner.get(s) === entry || owner.get(s) === null)) {
        near.push({ ...seriesRef(v, 0), why: fit.why });
      }
    }
    // Entries titled like the meeting that are not live series say why the calendar did not help.
    for (const s of all) {
      if (s.kind === 'recurring' || similarity(entry.words, titleWords(s.summary), common) === 0) continue;
      const v = view(meeting, s);
      near.push({ ...seriesRef(v, 0), why: s.reason ?? s.kind });
    }
    const mine = fits.filter((f) => slotOwner.get(f.view.series) === entry);
    const tiedWithOthers = fits.filter((f) => slotOwner.get(f.view.series) === null);
    // The same series in two calendars (a group's and the community's) is one answer, not two.
    const answers = new Set([...mine, ...tiedWithOthers].map((f) => datesKey(f.view, f.fit)));
    const chosen = mine[0];
    if (chosen && answers.size === 1 && tiedWithOthers.length === 0) {
      anchored.push(anchor(meeting, chosen.view, chosen.fit, options));
    } else if (mine.length + tiedWithOthers.length > 0) {
      ambiguous.push({
        meeting: ref(meeting),
        candidates: [...mine, ...tiedWithOthers].map((f) => seriesRef(f.view, f.fit.startIndex)),
      });
    } else if (fits.length > 0) {
      unmatched.push({
        meeting: ref(meeting),
        reason: 'the series that fit its slot are titled like other meetings',
        near: fits.map((f) => ({
          ...seriesRef(f.view, f.fit.startIndex),
          why: `titled like ${describeEntry(slotOwner.get(f.view.series) ?? null)}`,
        })),
      });
    } else {
      const what = rule.kind === 'monthly' ? 'month' : `${rule.interval} weeks`;
      unmatched.push({
        meeting: ref(meeting),
        reason: `no live series on ${WEEKDAY_NAMES[meeting.weekday]}s at ${clockText(meeting.time)} (${meeting.zone}) every ${what}`,
        near,
      });
    }
  }
  demoteSameWeeks(community, anchored, unmatched);
  const kinds = (file: string) => {
    const counts: Record<SeriesKind, number> = {
      recurring: 0,
      ended: 0,
      'one-off': 0,
      'all-day': 0,
      cancelled: 0,
      unreadable: 0,
    };
    for (const s of all) if (s.calendar === file) counts[s.kind] += 1;
    return counts;
  };
  return {
    anchored,
    ambiguous,
    unmatched,
    disagreements,
    notAnchorable,
    calendars: calendars.map((c) => ({ file: c.file, name: c.name, kinds: kinds(c.file) })),
  };
}

type Fit =
  | { readonly ok: true; readonly startIndex: number; readonly until: number | null }
  | { readonly ok: false; readonly why: string };
type Fitting = Fit & { readonly ok: true };

/**
 * Whether a series fits an open meeting: from some instance on (the first, or the second when DTSTART
 * is off the rule, as RFC 5545 allows) every instance is on the meeting's weekday at its time, and
 * sigcal's rule started there gives exactly the series' dates up to its end or the horizon.
 */
export function fitOpen(meeting: Meeting, rule: OpenRule, view: View): Fit {
  const { local, current } = view;
  const minutes = meeting.time.hour * 60 + meeting.time.minute;
  const inSlot = (i: number) =>
    weekdayOfDay(local[i]?.day ?? 0) === meeting.weekday && local[i]?.minutes === minutes;
  // The current dates must all be in the slot; before that, the slot may start late (an odd DTSTART).
  for (let i = current; i < local.length; i++) {
    if (!inSlot(i)) return { ok: false, why: offSlot(meeting, local[i]) };
  }
  let startIndex = current;
  while (startIndex > 0 && inSlot(startIndex - 1)) startIndex -= 1;
  if (startIndex >= local.length) return { ok: false, why: 'no dates from half a year ago on' };
  if (startIndex > 1 && startIndex < current) {
    // The slot changed within the series' history: more than an odd first date.
    return {
      ok: false,
      why: `its dates before ${isoFromDay(local[startIndex]?.day ?? 0)} are in another slot`,
    };
  }
  const days = local.slice(startIndex).map((l) => l.day);
  const start = days[0] as number;
  const recurrence = ruleFromStart(rule, meeting, start);
  if (!recurrence) {
    return {
      ok: false,
      why: `its first date ${isoFromDay(start)} is a fifth ${WEEKDAY_NAMES[meeting.weekday]}`,
    };
  }
  const last = days.at(-1) as number;
  const expected = recurrenceDates(recurrence, start, start, last);
  if (!sameDays(expected, days)) {
    const inferred = inferRecurrence(days, meeting.weekday);
    return {
      ok: false,
      why: `it repeats ${inferred ? describeRecurrence(inferred) : 'on irregular dates'}, not ${describeRecurrence(recurrence)}`,
    };
  }
  return { ok: true, startIndex, until: view.series.last === null ? null : last };
}

function offSlot(meeting: Meeting, local: { day: number; minutes: number } | undefined): string {
  if (!local) return 'no dates';
  const weekday = weekdayOfDay(local.day) as keyof typeof WEEKDAY_NAMES;
  const time = minutesText(local.minutes);
  return `it is on ${WEEKDAY_NAMES[weekday]} ${isoFromDay(local.day)} at ${time} (${meeting.zone}), not ${WEEKDAY_NAMES[meeting.weekday]} at ${clockText(meeting.time)}`;
}

/** What a fit would write: its dates from the start on. */
function datesKey(view: View, fit: Fitting): string {
  return view.series.instances.slice(fit.startIndex).join(',');
}

function sameDays(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function anchor(meeting: Meeting, view: View, fit: Fitting, options: MatchOptions): Anchored {
  const local = view.local[fit.startIndex];
  const start = isoFromDay(local?.day ?? 0);
  const exceptions: BroughtException[] = [];
  if (options.exceptions) {
    for (const e of view.series.exceptions) {
      if (e.at < options.now) continue;
      const date = isoFromDay(wallClock(e.at, meeting.zone).day);
      if (e.kind === 'moved' && e.to !== undefined) {
        exceptions.push({ kind: 'moved', date, to: localText(e.to, meeting.zone) });
      } else if (e.kind !== 'moved') {
        exceptions.push({ kind: 'skip', date, why: e.kind });
      }
    }
  }
  return {
    meeting: ref(meeting),
    series: seriesRef(view, fit.startIndex),
    start,
    until: fit.until === null ? null : isoFromDay(fit.until),
    exceptions,
    dates: view.local.slice(fit.startIndex).map((l) => isoFromDay(l.day)),
  };
}

/** The text says "alternating", so a series in the same weeks as the group's other biweekly one is wrong. */
function demoteSameWeeks(community: Community, anchored: Anchored[], unmatched: Unmatched[]): void {
  for (const group of community.groups) {
    const inGroup = anchored.filter((a) => a.meeting.group === group.dir);
    const fortnightly: { id: string; start: string }[] = [];
    for (const m of group.meetings) {
      const rule = openRule(m);
      const own = inGroup.find((a) => a.meeting.id === m.id);
      if (own && rule?.kind === 'weeks' && rule.interval === 2)
        fortnightly.push({ id: m.id, start: own.start });
      if (m.status === 'scheduled' && m.schedule.start !== null) {
        const r = m.schedule.recurrence;
        if (r.kind === 'weekly' && r.interval === 2) fortnightly.push({ id: m.id, start: m.schedule.start });
      }
    }
    for (const a of inGroup) {
      const m = group.meetings.find((x) => x.id === a.meeting.id);
      const rule = m ? openRule(m) : null;
      if (rule?.kind !== 'weeks' || !rule.alternating) continue;
      const others = fortnightly.filter((f) => f.id !== a.meeting.id);
      const partner = others.length === 1 ? others[0] : undefined;
      if (!partner || !sameWeeks(a.start, partner.start)) continue;
      anchored.splice(anchored.indexOf(a), 1);
      unmatched.push({
        meeting: a.meeting,
        reason: `the text says it alternates, but the series "${a.series.summary}" is in the same weeks as ${partner.id}`,
        near: [{ ...a.series, why: `same weeks as ${partner.id} (from ${partner.start})` }],
      });
    }
  }
}

function sameWeeks(a: string, b: string): boolean {
  const monday = (iso: string) => dayFromIso(iso) - (weekdayOfDay(dayFromIso(iso)) - 1);
  return ((monday(a) - monday(b)) / 7) % 2 === 0;
}

/**
 * Where a determined meeting's series says something else than its text: another time, weekday,
 * interval, fortnight or week of the month. Nothing is reported when one of its series agrees.
 */
function disagree(meeting: ScheduledMeeting, views: readonly View[], now: number): Disagreement[] {
  const minutes = meeting.time.hour * 60 + meeting.time.minute;
  const found: (Disagreement & { days: readonly number[] })[] = [];
  for (const v of views) {
    // Only the dates the text speaks for: from its start, up to its until.
    const { start, until } = meeting.schedule;
    const current = v.local
      .slice(v.current)
      .filter(
        (l) =>
          (start === null || l.day >= dayFromIso(start)) && (until === null || l.day <= dayFromIso(until)),
      );
    if (current.length === 0) continue;
    const days = current.map((l) => l.day);
    const expected = scheduleDates(meeting.schedule, days[0] as number, days.at(-1) as number);
    const differences: string[] = [];
    const times = [...new Set(current.map((l) => l.minutes))];
    if (times.some((t) => t !== minutes)) differences.push('time');
    if (!sameDays(expected, days)) {
      const weekdays = new Set(days.map(weekdayOfDay));
      const inferred = inferRecurrence(days, meeting.weekday);
      const text = meeting.schedule.recurrence;
      if (!weekdays.has(meeting.weekday) || weekdays.size > 1) differences.push('weekday');
      else if (!inferred) differences.push('dates');
      else if (inferred.kind !== text.kind) differences.push('interval');
      else if (inferred.kind === 'weekly' && text.kind === 'weekly') {
        differences.push(inferred.interval === text.interval ? 'weeks' : 'interval');
      } else if (inferred.kind === 'monthly-nth' && text.kind === 'monthly-nth') {
        differences.push('week of the month');
      } else differences.push('dates');
    }
    if (differences.length === 0) return [];
    // The same series in two calendars says the same thing once.
    if (found.some((f) => f.series.summary === v.series.summary && sameDays(f.days, days))) continue;
    const inferred = inferRecurrence(days, weekdayOfDay(days[0] as number) as Meeting['weekday']);
    const clock = times.map(minutesText).join(' or ');
    const today = wallClock(now, meeting.zone).day;
    const next = (list: readonly number[]) => {
      const day = list.find((d) => d >= today);
      return day === undefined ? '' : `, next ${isoFromDay(day)}`;
    };
    found.push({
      meeting: ref(meeting),
      series: seriesRef(v, 0),
      differences,
      calendar: `${inferred ? describeRecurrence(inferred) : 'irregular dates'} at ${clock}${next(days)}`,
      text: `${describeRecurrence(meeting.schedule.recurrence)} at ${clockText(meeting.time)}${next(expected)}`,
      days,
    });
  }
  return found.map(({ days: _, ...d }) => d);
}

/** The rule a list of local dates follows, if it is one sigcal can say: every n weeks, or the nth weekday. */
export function inferRecurrence(days: readonly number[], weekday: Meeting['weekday']): Recurrence | null {
  if (days.length < 2 || days.some((d) => weekdayOfDay(d) !== weekday)) return null;
  const gaps = new Set(days.slice(1).map((d, i) => d - (days[i] as number)));
  const [gap] = gaps;
  if (gaps.size === 1 && gap !== undefined && gap % 7 === 0) {
    return { kind: 'weekly', interval: gap / 7, weekday };
  }
  const months = days.map((d) => yearMonthOf(d));
  const consecutive = months.every(
    (m, i) =>
      i === 0 ||
      m.year * 12 + m.month - ((months[i - 1]?.year ?? 0) * 12 + (months[i - 1]?.month ?? 0)) === 1,
  );
  if (!consecutive) return null;
  const nths = new Set(months.map((m) => Math.ceil(m.dayOfMonth / 7)));
  const [nth] = nths;
  if (nths.size === 1 && nth !== undefined) return { kind: 'monthly-nth', weekday, nth: [nth] };
  const lasts = days.every((d) => yearMonthOf(d + 7).dayOfMonth <= 7);
  return lasts ? { kind: 'monthly-nth', weekday, nth: [-1] } : null;
}

function ref(meeting: Meeting): MeetingRef {
  return {
    group: meeting.group,
    subproject: meeting.subproject,
    id: meeting.id,
    description: meeting.description,
    zone: meeting.zone,
  };
}

function seriesRef(view: View, index: number): SeriesRef {
  const local = view.local[index] ?? view.local[0];
  return {
    calendar: view.series.calendar,
    kind: view.series.kind,
    uid: view.series.uid,
    summary: view.series.summary,
    rrule: view.series.rrule,
    first: local ? `${isoFromDay(local.day)}T${minutesText(local.minutes)}` : null,
  };
}

function localText(ms: number, zone: string): string {
  const { day, minutes } = wallClock(ms, zone);
  return `${isoFromDay(day)}T${minutesText(minutes)}`;
}

/** 1110 → `18:30` */
function minutesText(minutes: number): string {
  return clockText({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

function describeEntry(entry: Entry | null): string {
  if (!entry) return 'several meetings';
  const m = entry.meeting;
  return `${m.group} ${m.subproject ? `${m.subproject} / ` : ''}${m.description}`;
}
