import { dayFromIso, isoFromDay, weekdayOfDay } from './calendar-date.ts';
import { cleanedMessage, cleanText } from './clean-text.ts';
import { type Diagnostic, quoted, type SourceLocation } from './errors.ts';
import { readLink } from './link-fields.ts';
import {
  clockElsewhere,
  type LocalDateTime,
  type MovedDate,
  type OneOffDates,
  type Schedule,
  scheduleDates,
} from './occurrences.ts';
import type { OverlayEntry } from './overlay.ts';
import {
  describeRecurrence,
  ordinal,
  type Recurrence,
  recurrenceDates,
  WEEKDAY_NAMES,
  type Weekday,
} from './recurrence.ts';
import type { TextResult } from './result.ts';
import {
  type DateAndTime,
  type DayText,
  type FrequencyReading,
  type LocalTime,
  parseDateAndTime,
  parseDay,
  parseFrequency,
  parseIsoDate,
  parseTime,
  type TimeText,
} from './schedule-text.ts';
import {
  type FieldText,
  type MeetingSource,
  type MeetingTextField,
  REQUIRED_MEETING_FIELDS,
  SCHEDULE_FIELDS,
} from './sigs-file.ts';
import { resolveZone, sameCivilTime } from './zones.ts';

export interface MeetingLinks {
  readonly join: string | null;
  readonly notes: string | null;
  readonly recordings: string | null;
  readonly calendar: string | null;
}

/** What every usable meeting has, scheduled or not. */
export interface MeetingBase {
  readonly group: string;
  readonly subproject: string | null;
  readonly index: number;
  readonly id: string;
  readonly description: string;
  readonly at: SourceLocation;
  readonly links: MeetingLinks;
  /** The schedule as the source wrote it, for people to read. */
  readonly written: {
    readonly day: string;
    readonly time: string;
    readonly tz: string;
    readonly frequency: string;
  };
  readonly zone: string;
  readonly time: LocalTime;
  readonly weekday: Weekday;
  readonly durationMinutes: number;
}

export interface ScheduledMeeting extends MeetingBase {
  readonly status: 'scheduled';
  readonly schedule: Schedule;
}

export interface UnscheduledMeeting extends MeetingBase {
  readonly status: 'unscheduled';
  /** Why the text does not determine the dates, and what to add. */
  readonly reason: string;
  /**
   * Dates the source gives one by one (`moved:`, `extra:`), published although the rule is not
   * determined: they are dates the source determines. Null when there are none.
   */
  readonly oneOffs: OneOffDates | null;
  /**
   * Its frequency names no rule (`quarterly`, `ad hoc`) and its dates are listed under `extra`: nothing
   * is missing, so it is no warning and counts as on the calendar.
   */
  readonly listed: boolean;
  /** What the text says about the rule, for trying start dates against it ({@link candidateStarts}). */
  readonly pending: PendingRule;
}

/** The readings of an unscheduled meeting's rule: a start date is all that may be missing. */
export interface PendingRule {
  readonly day: DayText;
  readonly frequency: FrequencyReading;
  readonly until: string | null;
}

export type Meeting = ScheduledMeeting | UnscheduledMeeting;

/** A meeting with invalid fields: reported, and left out of the site under `--keep-going`. */
export interface LeftOutMeeting {
  readonly group: string;
  readonly subproject: string | null;
  readonly index: number;
  readonly id: string | null;
  readonly description: string;
  readonly at: SourceLocation;
  readonly reason: string;
}

export type NormalisedMeeting =
  | { readonly ok: true; readonly meeting: Meeting; readonly diagnostics: readonly Diagnostic[] }
  | { readonly ok: false; readonly leftOut: LeftOutMeeting; readonly diagnostics: readonly Diagnostic[] };

const DEFAULT_DURATION = 60;

/** A URL-safe slug: `Regular SIG Meeting` → `regular-sig-meeting`. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  // Long descriptions are cut at a word boundary, so the URL stays readable.
  return slug.length <= 60 ? slug : slug.slice(0, 61).replace(/-[^-]*$/, '') || slug.slice(0, 60);
}

/** The default meeting id: a slug of the subproject (if any) and the description. */
export function defaultMeetingId(subproject: string | null, description: string, index: number): string {
  const slug = slugify([subproject, description].filter((p) => p).join(' '));
  return slug === '' ? `meeting-${index + 1}` : slug;
}

/** What the other meetings of the group say about this one. */
export interface MeetingContext {
  /**
   * The group's one biweekly series with a start date: a biweekly meeting "alternating with the regular
   * meeting" and no start of its own takes the opposite weeks.
   */
  readonly alternatesWith?: Schedule;
}

/**
 * Turns one meeting's text into a {@link Meeting}: resolves the zone, reads day/time/frequency, applies
 * the schedule extensions (inline, then the overlay), and decides whether the dates are determined.
 * Invalid fields make it a {@link LeftOutMeeting}; undetermined dates make it unscheduled, never guessed.
 */
export function normaliseMeeting(
  source: MeetingSource,
  overlay?: OverlayEntry,
  context: MeetingContext = {},
): NormalisedMeeting {
  const diagnostics: Diagnostic[] = [];
  const error = (at: SourceLocation, message: string) =>
    diagnostics.push({ ...at, scope: 'meeting', message });
  const warn = (at: SourceLocation, message: string) =>
    diagnostics.push({ ...at, scope: 'warning', message });
  const fields = cleanScheduleFields({ ...source.fields, ...overlay?.fields }, warn);
  // Like every extension, an overlay's list replaces the inline one whole.
  const givenSkip = overlay?.skip ?? source.skip;
  const skipField = givenSkip && {
    ...givenSkip,
    items: givenSkip.items.map((item) => cleanScheduleText(item, warn)),
  };
  const givenMoved = overlay?.moved ?? source.moved;
  const movedField = givenMoved && {
    ...givenMoved,
    entries: givenMoved.entries.map((entry) => ({
      ...entry,
      from: cleanScheduleText(entry.from, warn),
      to: cleanScheduleText(entry.to, warn),
    })),
  };
  const givenExtra = overlay?.extra ?? source.extra;
  const extraField = givenExtra && {
    ...givenExtra,
    items: givenExtra.items.map((item) => cleanScheduleText(item, warn)),
  };
  const fieldPath = (name: string) => ({ ...source.at, path: `${source.at.path}.${name}` });

  const missing: string[] = [];
  for (const name of REQUIRED_MEETING_FIELDS) {
    // A field of the wrong type (a list, a mapping) is already reported by the file reader.
    if (source.mistyped?.includes(name)) continue;
    if (!fields[name] || fields[name].text.trim() === '') {
      error(fieldPath(name), 'is required');
      missing.push(name);
    }
  }
  const description = fields.description?.text.trim() ?? '';
  const id = readId(fields.id, source, description, error);
  const zone = fields.tz ? read(fields.tz, resolveZone, error) : undefined;
  const timeRead = fields.time ? read(fields.time, (text) => timeAndElsewhere(text, zone), error) : undefined;
  const time = timeRead?.time;
  const day = fields.day ? read(fields.day, parseDay, error) : undefined;
  const frequency = fields.frequency ? read(fields.frequency, parseFrequency, error) : undefined;
  const start = fields.start ? read(fields.start, parseIsoDate, error) : undefined;
  const until = fields.until ? read(fields.until, parseIsoDate, error) : undefined;
  const skip = (skipField?.items ?? []).flatMap((item) => read(item, parseIsoDate, error) ?? []);
  const movedText = (movedField?.entries ?? []).flatMap((entry) => {
    const from = read(entry.from, parseIsoDate, error);
    const to = read(entry.to, parseDateAndTime, error);
    return from && to ? [{ from, to, at: entry.from.at }] : [];
  });
  const extraText = (extraField?.items ?? []).flatMap((item) => {
    const value = read(item, parseDateAndTime, error);
    return value ? [{ ...value, at: item.at }] : [];
  });
  const duration = readDuration(fields.duration, time, error, frequency?.durationMinutes);
  const links: MeetingLinks = {
    join: readLink(fields.url, warn),
    notes: readLink(fields.archive_url, warn),
    recordings: readLink(fields.recordings_url, warn),
    calendar: readLink(fields.calendar_url, warn),
  };

  const leftOut = (reason: string): NormalisedMeeting => ({
    ok: false,
    diagnostics,
    leftOut: {
      group: source.groupDir,
      subproject: source.subproject,
      index: source.index,
      id,
      description,
      at: source.at,
      reason,
    },
  });
  // The rule the day and frequency make is checked even when another field is wrong (a time, a
  // zone), so that validate reports every problem of the meeting at once.
  let plan: Plan | undefined;
  if (day && frequency) {
    // A date the frequency's words say the series ends on ("weekly until …") must be `until`'s.
    const untilDisagrees =
      until && frequency.until && until !== frequency.until
        ? `frequency says until ${frequency.until} but until is ${until}`
        : null;
    plan = untilDisagrees
      ? { kind: 'error', message: untilDisagrees }
      : planRecurrence(day, frequency, start ?? day.start ?? frequency.start ?? null, context);
    if (plan.kind === 'error') error(fields.frequency?.at ?? source.at, plan.message);
  }

  // Only what defines the dates leaves a meeting out; warnings (a link left out) never do.
  const firstError = diagnostics.find((d) => d.scope !== 'warning');
  if (
    firstError ||
    !zone ||
    !time ||
    !day ||
    !frequency ||
    duration === undefined ||
    !plan ||
    plan.kind === 'error'
  ) {
    const mistyped = source.mistyped?.[0];
    // The reason stands alone (on the group's page, in the summary): it names the fields it is about.
    if (missing.length > 0)
      return leftOut(`${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
    return leftOut(firstError?.message ?? (mistyped ? `${mistyped} must be text` : 'invalid meeting'));
  }

  // The dates the frequency's words say the series ends on, or skips ("weekly until …", "no meeting …").
  const endsOn = until ?? frequency.until;
  const skipped = [...new Set([...skip, ...(frequency.skips ?? [])])];
  // "10:00 PT (18:00 UTC)": the time in another zone must be the same time, on the meeting's dates.
  const disagreement =
    timeRead && elsewhereDisagrees(timeRead, zone, plan.kind === 'scheduled' ? plan.start : null, endsOn);
  if (disagreement) {
    error(fields.time?.at ?? source.at, disagreement);
    return leftOut(disagreement);
  }
  const weekday = plan.weekday;
  const base: MeetingBase = {
    group: source.groupDir,
    subproject: source.subproject,
    index: source.index,
    id: id ?? defaultMeetingId(source.subproject, description, source.index),
    description,
    at: source.at,
    links,
    written: {
      day: fields.day?.text ?? '',
      time: fields.time?.text ?? '',
      tz: fields.tz?.text ?? '',
      frequency: fields.frequency?.text ?? '',
    },
    zone: zone,
    time,
    weekday,
    durationMinutes: duration,
  };
  const oneOffText: OneOffText = { moved: movedText, extra: extraText, time };
  if (plan.kind === 'unscheduled') {
    const checked = checkOneOffs(oneOffText, { weekday, schedule: null });
    diagnostics.push(...checked.problems);
    const oneOffError = checked.problems.find((p) => p.scope === 'meeting');
    if (oneOffError) return leftOut(oneOffError.message);
    // "quarterly" with its dates listed under extra: nothing is left to add, so nothing to warn about.
    const rule = frequency.rule;
    const listed = rule.kind === 'irregular' && checked.extra.length > 0;
    const reason = listed ? `${rule.reason}; its dates are the ones listed under \`extra\`` : plan.reason;
    if (!listed) {
      diagnostics.push({
        ...(fields.frequency?.at ?? source.at),
        scope: 'warning',
        message: `unscheduled: ${plan.reason}`,
      });
    }
    const oneOffs: OneOffDates | null =
      checked.moved.length + checked.extra.length === 0
        ? null
        : { zone, time, durationMinutes: duration, skip, ...oneOffFields(checked) };
    const pending: PendingRule = { day, frequency, until: endsOn ?? null };
    return {
      ok: true,
      diagnostics,
      meeting: { ...base, status: 'unscheduled', reason, listed, oneOffs, pending },
    };
  }

  const schedule: Schedule = {
    zone,
    time,
    durationMinutes: duration,
    recurrence: plan.recurrence,
    start: plan.start,
    until: endsOn ?? null,
    skip: skipped,
  };
  const problem = checkDates(schedule);
  if (problem) {
    // Point at the field the start date was read from.
    const startAt = start ? fields.start?.at : day.start ? fields.day?.at : fields.frequency?.at;
    error(
      problem.field === 'until'
        ? (fields.until?.at ?? fields.frequency?.at ?? source.at)
        : (startAt ?? source.at),
      problem.message,
    );
    return leftOut(problem.message);
  }
  const checked = checkOneOffs(oneOffText, { weekday, schedule });
  diagnostics.push(...checked.problems);
  const oneOffError = checked.problems.find((p) => p.scope === 'meeting');
  if (oneOffError) return leftOut(oneOffError.message);
  const extraDates = new Set(checked.extra.map((e) => e.date));
  const movedTo = new Map(checked.moved.map((m) => [m.to.date, m.from]));
  for (const date of frequency.skips ?? []) {
    if (isSeriesDate(schedule, date) || extraDates.has(date)) continue;
    diagnostics.push({
      ...(fields.frequency?.at ?? source.at),
      scope: 'warning',
      message: `frequency skips ${date}, which is not a date of this meeting (ignored)`,
    });
  }
  for (const item of skipField?.items ?? []) {
    const date = parseIsoDate(item.text);
    if (!date.ok || extraDates.has(date.value) || isSeriesDate(schedule, date.value)) continue;
    const from = movedTo.get(date.value);
    const hint = from ? `; to cancel the meeting moved there, skip ${from}` : '';
    diagnostics.push({
      ...item.at,
      scope: 'warning',
      message: `skip ${date.value} is not a date of this meeting (ignored)${hint}`,
    });
  }
  const withOneOffs: Schedule = { ...schedule, ...oneOffFields(checked) };
  return { ok: true, diagnostics, meeting: { ...base, status: 'scheduled', schedule: withOneOffs } };
}

/** `moved:` and `extra:` as read, before they are checked against the rule. */
interface OneOffText {
  readonly moved: readonly { readonly from: string; readonly to: DateAndTime; readonly at: SourceLocation }[];
  readonly extra: readonly (DateAndTime & { readonly at: SourceLocation })[];
  /** The meeting's usual time, for dates written without one. */
  readonly time: LocalTime;
}

interface CheckedOneOffs {
  readonly moved: readonly MovedDate[];
  readonly extra: readonly LocalDateTime[];
  /** Errors (scope `meeting`) and warnings, each at the entry it is about. */
  readonly problems: readonly Diagnostic[];
}

/** Only the lists that have entries, so a meeting without one-off dates looks as it always did. */
function oneOffFields(checked: CheckedOneOffs): Pick<OneOffDates, 'moved' | 'extra'> {
  return {
    ...(checked.moved.length > 0 ? { moved: checked.moved } : {}),
    ...(checked.extra.length > 0 ? { extra: checked.extra } : {}),
  };
}

function isSeriesDate(schedule: Schedule, iso: string): boolean {
  const day = dayFromIso(iso);
  return scheduleDates(schedule, day, day).length > 0;
}

/**
 * Checks `moved:` and `extra:` against the rule. A key of `moved` must be a date of the series: an
 * unknown one (a typo) would leave the meeting at its old time and drop the new one, so it is an error,
 * where an unknown `skip` date changes nothing and is only a warning. Without a determined series
 * (`schedule` null) a key is only checked to fall on the meeting's weekday. An extra date may not be a
 * date of the series (`moved` changes those), no two extras may share a date (it names the event), and
 * no two one-off occurrences a date and time, nor one a meeting of the series.
 */
function checkOneOffs(
  text: OneOffText,
  series: { readonly weekday: Weekday; readonly schedule: Schedule | null },
): CheckedOneOffs {
  const problems: Diagnostic[] = [];
  const error = (at: SourceLocation, message: string) => problems.push({ ...at, scope: 'meeting', message });
  const { schedule, weekday } = series;
  const usual = clockText(text.time);
  const taken = new Map<string, string>();
  const claim = (at: SourceLocation, when: LocalDateTime, what: string): boolean => {
    const key = `${when.date} ${clockText(when.time)}`;
    const other = taken.get(key);
    if (other) {
      error(at, `${what} is at ${key}, as is ${other}; one meeting per date and time`);
      return false;
    }
    taken.set(key, what);
    return true;
  };
  const keys = new Set(text.moved.map((m) => m.from));
  const moved: MovedDate[] = [];
  for (const m of text.moved) {
    const to: LocalDateTime = { date: m.to.date, time: m.to.time ?? text.time };
    const what = `moved ${m.from}`;
    const fromWeekday = weekdayOfDay(dayFromIso(m.from)) as Weekday;
    if (schedule ? !isSeriesDate(schedule, m.from) : fromWeekday !== weekday) {
      const which = schedule ? '' : ` (a ${WEEKDAY_NAMES[fromWeekday]}, not a ${WEEKDAY_NAMES[weekday]})`;
      error(
        m.at,
        `${what} is not a date of this meeting${which}; each key of moved is a date of the series, the one it moves from`,
      );
      continue;
    }
    if (to.date === m.from && clockText(to.time) === usual) {
      problems.push({
        ...m.at,
        scope: 'warning',
        message: `${what} goes to its own date and time, so nothing moves (ignored)`,
      });
      continue;
    }
    const onSeries = schedule !== null && !keys.has(to.date) && isSeriesDate(schedule, to.date);
    if (onSeries && clockText(to.time) === usual) {
      error(m.at, `${what} goes to ${to.date} ${usual}, which already is a meeting of this series`);
      continue;
    }
    if (claim(m.at, to, what)) moved.push({ from: m.from, to });
  }
  const extra: LocalDateTime[] = [];
  const extraDates = new Set<string>();
  for (const e of text.extra) {
    const at: LocalDateTime = { date: e.date, time: e.time ?? text.time };
    const what = `extra ${e.date}`;
    if (schedule ? isSeriesDate(schedule, e.date) : keys.has(e.date)) {
      error(
        e.at,
        `${what} is already a date of this meeting; to change its time, use moved: {${e.date}: ${e.date}T${clockText(at.time)}}`,
      );
      continue;
    }
    if (extraDates.has(e.date)) {
      error(e.at, `${what} is listed twice; an extra date holds one meeting`);
      continue;
    }
    extraDates.add(e.date);
    if (claim(e.at, at, what)) extra.push(at);
  }
  return { moved, extra, problems };
}

function read<T>(
  field: FieldText,
  parse: (text: string) => TextResult<T>,
  error: (at: SourceLocation, message: string) => void,
): T | undefined {
  const result = parse(field.text);
  if (result.ok) return result.value;
  error(field.at, result.message);
  return undefined;
}

function readId(
  field: FieldText | undefined,
  source: MeetingSource,
  description: string,
  error: (at: SourceLocation, message: string) => void,
): string | null {
  if (!field) return defaultMeetingId(source.subproject, description, source.index);
  const id = field.text.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) {
    error(field.at, `${quoted(field.text)} is not a meeting id (use 1-64 lowercase letters, digits and "-")`);
    return null;
  }
  return id;
}

function readDuration(
  field: FieldText | undefined,
  time: TimeText | undefined,
  error: (at: SourceLocation, message: string) => void,
  written?: number,
): number | undefined {
  // `duration`, then a range in `time`, then a length in `frequency` ("weekly (30 minutes)").
  if (!field) return time?.durationMinutes ?? written ?? DEFAULT_DURATION;
  const minutes = /^\d+$/.test(field.text.trim()) ? Number(field.text.trim()) : Number.NaN;
  if (!(minutes >= 1 && minutes <= 24 * 60)) {
    error(field.at, `${quoted(field.text)} is not a duration (use whole minutes, 1 to 1440)`);
    return undefined;
  }
  return minutes;
}

/**
 * `time`, which may also name the zone (`17:00 UTC`, `10:00 AM PT`, `10:00-10:30 Pacific Time`): the
 * zone named must be the one `tz` gives, so the two fields cannot say different things.
 */
function timeInZone(text: string, zone: string | undefined): TextResult<TimeText> {
  const plain = parseTime(text);
  if (plain.ok) return plain;
  const words = text.trim().split(/\s+/);
  // The zone's words (one to three) anywhere after the first: "10:00 UTC (2 hours)" too.
  for (let k = 1; k <= Math.min(3, words.length - 1); k++) {
    for (let at = words.length - k; at >= 1; at--) {
      const clock = parseTime([...words.slice(0, at), ...words.slice(at + k)].join(' '));
      const label = words.slice(at, at + k).join(' ');
      const named = clock.ok ? resolveZone(label) : undefined;
      if (!clock.ok || !named?.ok) continue;
      if (zone !== undefined && !sameCivilTime(named.value, zone)) {
        return { ok: false, message: `time names ${quoted(label)} (${named.value}) but tz is ${zone}` };
      }
      return clock;
    }
  }
  return plain;
}

/** A time written in another zone than the meeting's, beside its own (`10:00 PT (18:00 UTC)`). */
interface ElsewhereTime {
  readonly time: TimeText;
  readonly zone: string;
  /** As written: `18:00 UTC`. */
  readonly said: string;
}

/** A clock and the zone named beside it (`18:00 UTC`, `12:00 PM ET`, `18:00-19:00 UTC`), or undefined. */
function zonedClock(text: string): { time: TimeText; zone: string } | undefined {
  const words = text.trim().split(/\s+/);
  for (let k = 1; k <= Math.min(3, words.length - 1); k++) {
    for (let at = words.length - k; at >= 1; at--) {
      const clock = parseTime([...words.slice(0, at), ...words.slice(at + k)].join(' '));
      const named = clock.ok ? resolveZone(words.slice(at, at + k).join(' ')) : undefined;
      if (clock.ok && named?.ok) return { time: clock.value, zone: named.value };
    }
  }
  return undefined;
}

/**
 * `time`, and the same time in other zones where it gives them in brackets or after a slash (`10:00 PT
 * (18:00 UTC)`, `9:00 AM PT / 12:00 PM ET`, `17:00 UTC (09:00 PT, 18:00 CET)`); a bracket that is not
 * a time in a zone (`10:00 UTC (2 hours)`, `10:00 PT (Pacific Time)`) is read as before.
 */
function timeAndElsewhere(
  text: string,
  zone: string | undefined,
): TextResult<{ time: TimeText; elsewhere: readonly ElsewhereTime[] }> {
  const split = /^(.+?)\s*(?:\(\s*([^()]+?)\s*\)|\/\s*([^/()]+?))\s*$/.exec(text.trim());
  const others = (split?.[2] ?? split?.[3] ?? '').split(/\s*[,;]\s*|\s+and\s+/).filter((p) => p !== '');
  const elsewhere = others.flatMap((said) => {
    const zoned = zonedClock(said);
    return zoned ? [{ ...zoned, said }] : [];
  });
  if (split && elsewhere.length > 0 && elsewhere.length === others.length) {
    const own = timeInZone(split[1] ?? '', zone);
    if (own.ok) return { ok: true, value: { time: own.value, elsewhere } };
  }
  const plain = timeInZone(text, zone);
  return plain.ok ? { ok: true, value: { time: plain.value, elsewhere: [] } } : plain;
}

/** Mid-January and mid-July: either side of every zone's change to and from daylight saving time. */
const SEASON_DAYS = ['2026-01-15', '2026-07-15', '2027-01-15', '2027-07-15'].map(dayFromIso);

/**
 * Why a time given in another zone is not the meeting's time, or undefined when it is. It must be
 * the meeting's time there on some of its dates (each week from `start` to `until` where both are
 * known, else in winter and in summer): where it is not on others, the one hour daylight saving time
 * moves one zone's clocks explains it ("10:00 PT (18:00 UTC)" is 17:00 UTC in summer).
 */
function elsewhereDisagrees(
  read: { time: TimeText; elsewhere: readonly ElsewhereTime[] },
  zone: string,
  start: string | null,
  until: string | undefined,
): string | undefined {
  const days: number[] = [];
  if (start && until) {
    for (let day = dayFromIso(start); day <= dayFromIso(until) && days.length < 120; day += 7) days.push(day);
  }
  if (days.length === 0) days.push(...SEASON_DAYS);
  const own = read.time.hour * 60 + read.time.minute;
  for (const other of read.elsewhere) {
    const written = other.time.hour * 60 + other.time.minute;
    const there = [...new Set(days.map((day) => clockElsewhere(day, own, zone, other.zone)))].sort(
      (a, b) => a - b,
    );
    const clock = (m: number) => clockText({ hour: Math.floor(m / 60), minute: m % 60 });
    const mine = `${clockText(read.time)} in ${zone}`;
    if (!there.includes(written)) {
      const is = there.map(clock).join(' or ');
      const why = there.length > 1 ? ', as daylight saving time changes' : '';
      return `time gives ${mine} and ${quoted(other.said)}, which do not agree: ${mine} is ${is} in ${other.zone}${why}; correct one of them, or leave the second out`;
    }
    const lengths = [read.time.durationMinutes, other.time.durationMinutes];
    if (lengths[0] !== undefined && lengths[1] !== undefined && lengths[0] !== lengths[1]) {
      return `time gives a meeting of ${lengths[0]} minutes and ${quoted(other.said)}, one of ${lengths[1]}; correct one of them, or leave the second out`;
    }
  }
  return undefined;
}

/** The schedule fields (and the id) without invisible characters, each change a warning. */
function cleanScheduleFields(
  fields: Partial<Record<MeetingTextField, FieldText>>,
  warn: (at: SourceLocation, message: string) => void,
): Partial<Record<MeetingTextField, FieldText>> {
  const cleaned = { ...fields };
  for (const name of SCHEDULE_FIELDS) {
    const field = fields[name];
    if (field) cleaned[name] = cleanScheduleText(field, warn);
  }
  return cleaned;
}

function cleanScheduleText(field: FieldText, warn: (at: SourceLocation, message: string) => void): FieldText {
  const cleaned = cleanText(field.text, 'schedule');
  if (cleaned.changes.length === 0) return field;
  warn(field.at, cleanedMessage(cleaned));
  return { text: cleaned.text, at: field.at };
}

type Plan =
  | { kind: 'scheduled'; weekday: Weekday; recurrence: Recurrence; start: string | null }
  | { kind: 'unscheduled'; weekday: Weekday; reason: string }
  | { kind: 'error'; message: string };

const everyWeeks = (interval: number) => (interval === 1 ? 'every week' : `every ${interval} weeks`);

/** Decides the rule from what day and frequency say, with the start date (if any) as the anchor. */
function planRecurrence(
  day: DayText,
  frequency: FrequencyReading,
  given: string | null,
  context: MeetingContext,
): Plan {
  const rule = frequency.rule;
  const named = rule.kind === 'monthly-nth' || rule.kind === 'monthly-after' ? rule.weekday : undefined;
  // "weekly on Tuesdays", "every other Thursday": the weekdays a weekly rule's text names.
  const said = rule.kind === 'weekly' ? frequency.weekdays : [];
  const weekday = day.weekday ?? named;
  if (weekday === undefined) return { kind: 'error', message: 'no weekday in day or frequency' };
  if (named !== undefined && day.weekday !== undefined && named !== day.weekday) {
    return {
      kind: 'error',
      message: `frequency names ${WEEKDAY_NAMES[named]} but day is ${WEEKDAY_NAMES[day.weekday]}`,
    };
  }
  if (said.length > 1) {
    const names = said.map((w) => WEEKDAY_NAMES[w]).join(' and ');
    return { kind: 'error', message: `frequency names ${names}: list each weekday as a meeting of its own` };
  }
  if (day.weekday !== undefined && said.length > 0 && !said.includes(day.weekday)) {
    return {
      kind: 'error',
      message: `frequency names ${said.map((w) => WEEKDAY_NAMES[w]).join(' and ')} but day is ${WEEKDAY_NAMES[day.weekday]}`,
    };
  }
  const dayName = WEEKDAY_NAMES[weekday];
  const weeksOf = (nth: readonly number[]) => nth.map((n) => (n === -1 ? 'last' : ordinal(n))).join(' and ');
  if (
    day.nth &&
    ((rule.kind === 'monthly-nth' && [...day.nth].sort().join() !== [...rule.nth].sort().join()) ||
      rule.kind === 'monthly-after')
  ) {
    const says = rule.kind === 'monthly-nth' ? `the ${weeksOf(rule.nth)} ${dayName}` : 'another week';
    return {
      kind: 'error',
      message: `day names the ${weeksOf(day.nth)} ${dayName} of the month, but frequency says ${says}`,
    };
  }
  if (day.every !== undefined && (rule.kind !== 'weekly' || rule.interval !== day.every)) {
    const frequencySays = rule.kind === 'weekly' ? everyWeeks(rule.interval) : 'otherwise';
    return {
      kind: 'error',
      message: `day says ${everyWeeks(day.every)}, but frequency says ${frequencySays}`,
    };
  }
  const startFix = `add \`start: YYYY-MM-DD\` (the date of one meeting of the series) to pick which ${dayName}s`;
  const unscheduled = (reason: string): Plan => ({ kind: 'unscheduled', weekday, reason });
  const start = given ?? (frequency.alternating ? oppositeWeeks(day, frequency, weekday, context) : null);
  const scheduled = (recurrence: Recurrence): Plan => {
    // "every other Thursday (2026-12-03, 2026-12-17, …)": each date listed must be one of the rule's.
    const off = offTheRule(recurrence, start, frequency.listed ?? []);
    return off ? unscheduled(off) : { kind: 'scheduled', weekday, recurrence, start };
  };

  if (frequency.alternating && start === null) {
    return unscheduled(`"alternating" with another meeting does not say which weeks; ${startFix}`);
  }
  switch (rule.kind) {
    case 'weekly':
      if (day.nth) {
        // "biweekly" with "1st and 3rd Tuesday": twice a month, in the weeks the day names.
        if (rule.interval === 2 && day.nth.length === 2) {
          return scheduled({ kind: 'monthly-nth', weekday, nth: day.nth });
        }
        return {
          kind: 'error',
          message: `day names the ${weeksOf(day.nth)} ${dayName} of the month, but frequency says ${everyWeeks(rule.interval)}`,
        };
      }
      if (rule.interval > 1 && start === null) {
        return unscheduled(
          `every ${rule.interval} weeks but no start date says which ${dayName}s; ${startFix}`,
        );
      }
      return scheduled({ kind: 'weekly', interval: rule.interval, weekday });
    case 'monthly': {
      if (day.nth) return scheduled({ kind: 'monthly-nth', weekday, nth: day.nth });
      if (start === null) {
        return unscheduled(
          `monthly but the text does not say which ${dayName}; write e.g. "first ${dayName} of the month" or ${startFix}`,
        );
      }
      const dom = Number(start.slice(8, 10));
      const nth = Math.ceil(dom / 7);
      if (nth === 5) {
        return unscheduled(
          `monthly from ${start}, a fifth ${dayName}, which most months lack; write "last ${dayName} of the month" or pick another start`,
        );
      }
      return scheduled({ kind: 'monthly-nth', weekday, nth: [nth] });
    }
    case 'monthly-nth':
      return scheduled({ kind: 'monthly-nth', weekday, nth: rule.nth });
    case 'monthly-after': {
      // The Wednesday after the 4th Tuesday: the 4th Tuesday falls on day 22-28, so the Wednesday on 23-29.
      if (rule.nth === -1) {
        return unscheduled(
          `"${dayName} after the last ${WEEKDAY_NAMES[rule.after]}" can fall in the next month; give dates with start and skip, or a simpler rule`,
        );
      }
      const shift = (rule.weekday - rule.after + 7) % 7 || 7;
      const first = 7 * (rule.nth - 1) + 1 + shift;
      const monthDays = Array.from({ length: 7 }, (_, i) => first + i);
      // Days past the month's end (a 29th in February) are dropped by BYMONTHDAY; beyond the 31st the
      // rule would mostly land in the next month, which RRULE cannot say.
      if (monthDays.at(-1)! > 31) {
        return unscheduled(
          `the ${dayName} after the ${ordinal(rule.nth)} ${WEEKDAY_NAMES[rule.after]} often falls in the next month`,
        );
      }
      return scheduled({ kind: 'monthly-days', weekday, monthDays });
    }
    case 'irregular':
      return unscheduled(
        `${rule.reason}; list its dates with \`extra: [YYYY-MM-DD, …]\`, or use a regular frequency with \`start\` and \`until\``,
      );
    case 'unknown':
      return unscheduled(
        `frequency is not understood; use weekly, biweekly, "every 4 weeks", "first Tuesday of the month" or "last ${dayName} of the month"`,
      );
  }
}

/**
 * Why the dates the frequency lists as meetings, one after the other, are not the rule's from `start`:
 * each must be a date of it, and none of its dates may fall between two of them (a list that skips
 * one says another rule). Undefined when they are.
 */
function offTheRule(
  recurrence: Recurrence,
  start: string | null,
  listed: readonly string[],
): string | undefined {
  const fix = 'correct the dates, or write the first meeting under `start` and the rule alone here';
  const anchor = start === null ? null : dayFromIso(start);
  const rule = `${describeRecurrence(recurrence)}${start === null ? '' : ` from ${start}`}`;
  for (const [i, date] of listed.entries()) {
    const day = dayFromIso(date);
    const weekday = weekdayOfDay(day) as Weekday;
    if (weekday !== recurrence.weekday) {
      return `frequency lists ${date}, a ${WEEKDAY_NAMES[weekday]}, as a meeting on ${WEEKDAY_NAMES[recurrence.weekday]}s; ${fix}`;
    }
    if (recurrenceDates(recurrence, anchor, day, day).length === 0) {
      return `frequency lists ${date}, which is not a date of ${rule}; ${fix}`;
    }
    const previous = listed[i - 1];
    const between = previous ? recurrenceDates(recurrence, anchor, dayFromIso(previous) + 1, day - 1) : [];
    if (previous && between.length > 0) {
      return `frequency lists ${previous} and then ${date}, but ${rule} meets on ${isoFromDay(between[0] ?? day)} between them; ${fix}`;
    }
  }
  return undefined;
}

/**
 * For a biweekly series alternating with the group's anchored biweekly series: its first `weekday` in
 * the week after the other's first meeting (ISO weeks, Monday to Sunday). Null when that is not the case.
 */
function oppositeWeeks(
  day: DayText,
  frequency: FrequencyReading,
  weekday: Weekday,
  context: MeetingContext,
): string | null {
  const other = context.alternatesWith;
  const rule = frequency.rule;
  if (!other?.start || day.nth || rule.kind !== 'weekly' || rule.interval !== 2) return null;
  if (other.recurrence.kind !== 'weekly' || other.recurrence.interval !== 2) return null;
  const nextWeek = dayFromIso(other.start) + 7;
  return isoFromDay(nextWeek - weekdayOfDay(nextWeek) + weekday);
}

/** A start date that is not on the rule, or an until before the start. */
function checkDates(schedule: Schedule): { field: 'start' | 'until'; message: string } | undefined {
  const { start, until, recurrence } = schedule;
  if (start !== null) {
    const day = dayFromIso(start);
    const startWeekday = weekdayOfDay(day) as Weekday;
    if (startWeekday !== recurrence.weekday) {
      return {
        field: 'start',
        message: `start ${start} is a ${WEEKDAY_NAMES[startWeekday]}, not a ${WEEKDAY_NAMES[recurrence.weekday]}`,
      };
    }
    if (scheduleDates({ ...schedule, until: null }, day, day).length === 0) {
      return {
        field: 'start',
        message: `start ${start} is not a date of this rule; use the date of the first meeting`,
      };
    }
  }
  if (until !== null && start !== null && until < start) {
    return { field: 'until', message: `until ${until} is before start ${start}` };
  }
  return undefined;
}

/** `2024-03-12` + 09:00 → `2024-03-12T09:00`, the report's `dtstart` form. */
export function localDateTime(day: number, time: LocalTime): string {
  return `${isoFromDay(day)}T${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** `18:30` */
export function clockText(time: LocalTime): string {
  return `${String(time.hour).padStart(2, '0')}:${String(time.minute).padStart(2, '0')}`;
}

/** The schedule in words: "every other Tuesday at 18:30 (UTC), from 2026-01-13". */
export function scheduleInWords(meeting: Meeting): string {
  const at = `at ${clockText(meeting.time)} (${meeting.zone})`;
  if (meeting.status === 'unscheduled' && meeting.listed) return `on the dates listed, ${at}`;
  if (meeting.status === 'unscheduled')
    return `${WEEKDAY_NAMES[meeting.weekday]}s ${at}; dates not determined`;
  const { recurrence, start, until } = meeting.schedule;
  const range = [start ? `from ${start}` : '', until ? `until ${until}` : ''].filter((p) => p).join(' ');
  return `${describeRecurrence(recurrence)} ${at}${range ? `, ${range}` : ''}`;
}

/** A start date that would determine an unscheduled meeting's dates, and the rule it would give. */
export interface CandidateStart {
  /** `YYYY-MM-DD` */
  readonly date: string;
  readonly recurrence: Recurrence;
}

/**
 * The first `count` dates from `fromDay` (a day number) that, given as `start`, make the meeting's dates
 * determined, each determining other dates than the ones before it: for a biweekly meeting the next two
 * meeting days (one per fortnight parity), for `monthly` without a week the next two meeting days in
 * different weeks of the month (never a fifth one, which most months lack). Empty when no start date
 * would help (`quarterly`, an unknown frequency).
 */
export function candidateStarts(meeting: UnscheduledMeeting, fromDay: number, count = 2): CandidateStart[] {
  const { pending } = meeting;
  const found: { candidate: CandidateStart; schedule: Schedule }[] = [];
  const first = fromDay + ((meeting.weekday - weekdayOfDay(fromDay) + 7) % 7);
  // A year ahead is enough to tell two rules apart (every n weeks with n ≤ 8, or weeks of the month).
  const datesFrom = (schedule: Schedule, day: number) => scheduleDates(schedule, day, day + 366).join();
  for (let day = first; day < first + 7 * 10 && found.length < count; day += 7) {
    const date = isoFromDay(day);
    const plan = planRecurrence(pending.day, pending.frequency, date, {});
    if (plan.kind !== 'scheduled') continue;
    const schedule: Schedule = {
      zone: meeting.zone,
      time: meeting.time,
      durationMinutes: meeting.durationMinutes,
      recurrence: plan.recurrence,
      start: date,
      until: pending.until,
      skip: [],
    };
    if (checkDates(schedule)) continue;
    const dates = datesFrom(schedule, day);
    if (found.some((f) => datesFrom(f.schedule, day) === dates)) continue;
    found.push({ candidate: { date, recurrence: plan.recurrence }, schedule });
  }
  return found.map((f) => f.candidate);
}

/** The one-off dates in words: `moved 2026-12-29 → 2027-01-05 14:00; extra 2026-12-17 16:00`, or ''. */
export function oneOffWords(dates: OneOffDates | null): string {
  if (!dates) return '';
  const at = (d: LocalDateTime) => `${d.date} ${clockText(d.time)}`;
  const parts = [];
  if (dates.moved?.length)
    parts.push(`moved ${dates.moved.map((m) => `${m.from} → ${at(m.to)}`).join(', ')}`);
  if (dates.extra?.length) parts.push(`extra ${dates.extra.map(at).join(', ')}`);
  return parts.join('; ');
}
