import ICAL from 'ical.js';
import { IANAZone } from 'luxon';
import { findIana } from 'windows-iana';
import { DAY_MS, dayNumber } from '../core/calendar-date.ts';
import { SourceError } from '../core/errors.ts';
import { wallTimeToUtc, ZoneOffsets } from '../core/occurrences.ts';

/**
 * Reads an iCalendar file as its recurring series: Google's public `basic.ics`, Outlook exports
 * (Windows zone names with their VTIMEZONE blocks), any RFC 5545 file. ical.js parses it and expands
 * each series (RRULE, RDATE, COUNT, UNTIL, WKST) in the zone of its own VTIMEZONE; EXDATE and
 * RECURRENCE-ID overrides are kept apart as the series' exceptions, so a moved or cancelled meeting
 * never decides which weeks a series is on. No I/O: the caller reads the file.
 */

/**
 * What a calendar entry is, for anchoring. Only `recurring` series are matched; the others are listed
 * so the report can say why nothing came of them.
 */
export type SeriesKind = 'recurring' | 'ended' | 'one-off' | 'all-day' | 'cancelled' | 'unreadable';

/** A rule date the calendar changes: excluded (EXDATE), cancelled or moved (a RECURRENCE-ID override). */
export interface SeriesException {
  readonly kind: 'excluded' | 'cancelled' | 'moved';
  /** The rule's instant for that date (UTC ms). */
  readonly at: number;
  /** For `moved`: the new start (UTC ms). */
  readonly to?: number;
}

export interface CalendarSeries {
  /** The calendar it comes from (a path or URL, as given). */
  readonly calendar: string;
  readonly uid: string;
  readonly summary: string;
  readonly kind: SeriesKind;
  /** Why a series is not `recurring` (for the report). */
  readonly reason: string | null;
  /** The RRULE as ical.js writes it, or null for a series of RDATEs or a single event. */
  readonly rrule: string | null;
  /** TZID of DTSTART as written (`Pacific Standard Time`), or null for UTC and floating times. */
  readonly tzid: string | null;
  /**
   * Every date the rule makes (RRULE and RDATE, those EXDATE removes included), as UTC ms in
   * ascending order, from the first up to `horizon` (or the series' end). Overrides do not move them.
   */
  readonly instances: readonly number[];
  /** The series' last instant when it ends (COUNT, UNTIL, a list of RDATEs); null when it goes on. */
  readonly last: number | null;
  readonly exceptions: readonly SeriesException[];
}

export interface CalendarFile {
  readonly file: string;
  /** X-WR-CALNAME, when the file has one. */
  readonly name: string | null;
  readonly series: readonly CalendarSeries[];
}

export interface ReadCalendarOptions {
  /** The present (UTC ms): series whose last date is before it have ended. */
  readonly now: number;
  /** Open-ended series are expanded up to this instant (UTC ms). */
  readonly horizon: number;
  /** A series that needs more instances than this to reach its end or the horizon is not read. */
  readonly maxInstances?: number;
}

const DEFAULT_MAX_INSTANCES = 10_000;

type Zoned = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly why: string };

/**
 * Parses an iCalendar text into its series. A file ical.js cannot parse, or that holds no VCALENDAR,
 * is a {@link SourceError}; a single event it cannot read is listed as `unreadable` with the reason.
 */
export function readCalendar(text: string, file: string, options: ReadCalendarOptions): CalendarFile {
  let root: ICAL.Component;
  try {
    const parsed = ICAL.parse(text);
    // A file may hold several VCALENDARs; ical.js then returns a list of them.
    const first = Array.isArray(parsed[0]) ? parsed[0] : parsed;
    root = new ICAL.Component(first as unknown as unknown[]);
  } catch (error) {
    throw new SourceError({
      file,
      line: 0,
      path: '',
      message: `not an iCalendar file: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  if (root.name !== 'vcalendar') {
    throw new SourceError({ file, line: 0, path: '', message: `not an iCalendar file: no VCALENDAR` });
  }
  const name = textValue(root.getFirstPropertyValue('x-wr-calname'));
  // Google writes the calendar's zone here; floating times (no TZID, no Z) are read in it.
  const calendarZone = textValue(root.getFirstPropertyValue('x-wr-timezone'));

  const events = root.getAllSubcomponents('vevent');
  const masters = new Map<string, ICAL.Component>();
  const overrides = new Map<string, ICAL.Component[]>();
  const orphans: ICAL.Component[] = [];
  for (const event of events) {
    const uid = textValue(event.getFirstPropertyValue('uid')) ?? '';
    if (event.hasProperty('recurrence-id')) {
      overrides.set(uid, [...(overrides.get(uid) ?? []), event]);
    } else if (uid === '' || masters.has(uid)) {
      // Without a (unique) UID nothing can relate to it: it stands alone.
      orphans.push(event);
    } else {
      masters.set(uid, event);
    }
  }
  const series: CalendarSeries[] = [];
  for (const [uid, master] of masters) {
    series.push(readSeries(master, overrides.get(uid) ?? [], { file, uid, calendarZone, options }));
  }
  // An override whose series is not in the file (Google exports these for events shared with it) is
  // a single event.
  for (const [uid, list] of overrides) {
    if (masters.has(uid)) continue;
    for (const event of list) orphans.push(event);
  }
  for (const event of orphans) {
    const uid = textValue(event.getFirstPropertyValue('uid')) ?? '';
    series.push(single(event, file, uid, 'one-off', 'a single event', calendarZone));
  }
  return { file, name, series };
}

function single(
  event: ICAL.Component,
  calendar: string,
  uid: string,
  kind: SeriesKind,
  reason: string,
  calendarZone: string | null,
): CalendarSeries {
  // A single event keeps its one date, for the report.
  const prop = event.getFirstProperty('dtstart');
  const time = prop?.getFirstValue();
  const at =
    prop && time instanceof ICAL.Time && !time.isDate ? instantOf(time, tzidOf(prop), calendarZone) : null;
  return {
    calendar,
    uid,
    summary: textValue(event.getFirstPropertyValue('summary')) ?? '',
    kind,
    reason,
    rrule: null,
    tzid: tzidOf(event.getFirstProperty('dtstart')),
    instances: at?.ok ? [at.ms] : [],
    last: null,
    exceptions: [],
  };
}

interface SeriesContext {
  readonly file: string;
  readonly uid: string;
  readonly calendarZone: string | null;
  readonly options: ReadCalendarOptions;
}

function readSeries(
  master: ICAL.Component,
  overrides: readonly ICAL.Component[],
  context: SeriesContext,
): CalendarSeries {
  const { file, uid, calendarZone, options } = context;
  const dtstartProp = master.getFirstProperty('dtstart');
  const dtstart = dtstartProp?.getFirstValue();
  const base = single(master, file, uid, 'unreadable', '', calendarZone);
  const is = (kind: SeriesKind, reason: string): CalendarSeries => ({ ...base, kind, reason });
  if (!dtstartProp || !(dtstart instanceof ICAL.Time)) return is('unreadable', 'no DTSTART');
  if (dtstart.isDate) return is('all-day', 'an all-day event');
  const status = textValue(master.getFirstPropertyValue('status'));
  if (status?.toUpperCase() === 'CANCELLED') return is('cancelled', 'the series is cancelled');
  const rules = master.getAllProperties('rrule').map((p) => p.getFirstValue() as ICAL.Recur);
  const hasRdate = master.getAllProperties('rdate').length > 0;
  if (rules.length === 0 && !hasRdate) return is('one-off', 'a single event');

  const zoneOf = (prop: ICAL.Property) => tzidOf(prop) ?? (prop === dtstartProp ? null : tzidOf(dtstartProp));
  const instant = (time: ICAL.Time, prop: ICAL.Property): Zoned =>
    instantOf(time, zoneOf(prop), calendarZone);

  // EXDATEs are read, then taken out of the component, so the expansion yields every date of the rule
  // and the exclusions are known as exceptions rather than lost as gaps.
  const excluded: { time: ICAL.Time; prop: ICAL.Property }[] = [];
  for (const prop of master.getAllProperties('exdate')) {
    for (const time of prop.getValues() as ICAL.Time[]) excluded.push({ time, prop });
  }
  master.removeAllProperties('exdate');

  const finite = rules.every((rule) => rule.isFinite());
  const maxInstances = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  const instances: number[] = [];
  let complete = false;
  try {
    const expansion = new ICAL.RecurExpansion({ component: master, dtstart });
    for (;;) {
      const next = expansion.next();
      if (!next) {
        complete = true;
        break;
      }
      const at = instant(next, dtstartProp);
      if (!at.ok) return is('unreadable', at.why);
      if (!finite && at.ms > options.horizon) break;
      if (instances.length >= maxInstances) {
        return is('unreadable', `more than ${maxInstances} dates before its end or a year from now`);
      }
      instances.push(at.ms);
    }
  } catch (error) {
    return is(
      'unreadable',
      `its rule cannot be expanded (${error instanceof Error ? error.message : error})`,
    );
  }
  // DTSTART is always the first instance (RFC 5545 3.8.5.3), which ical.js leaves out of a series
  // of RDATEs; RDATEs need not be in order, and RRULE and RDATE may name the same instant.
  const first = instant(dtstart, dtstartProp);
  if (!first.ok) return is('unreadable', first.why);
  const sorted = [...new Set([first.ms, ...instances])].sort((a, b) => a - b);
  const rrule = rules[0]?.toString() ?? null;
  const withRule = { ...base, rrule, instances: sorted, last: complete ? (sorted.at(-1) ?? null) : null };
  if (sorted.length < 2) return { ...withRule, kind: 'one-off', reason: 'a rule with a single date' };

  const exceptions: SeriesException[] = [];
  const inSeries = new Set(sorted);
  for (const { time, prop } of excluded) {
    // An EXDATE may be a DATE, naming the day of an instance in the series' own zone.
    const at = time.isDate ? dateInstance(time, dtstart, prop, instant) : instant(time, prop);
    if (at.ok && inSeries.has(at.ms)) exceptions.push({ kind: 'excluded', at: at.ms });
  }
  for (const override of overrides) {
    const idProp = override.getFirstProperty('recurrence-id');
    const id = idProp?.getFirstValue();
    if (!idProp || !(id instanceof ICAL.Time)) continue;
    const at = id.isDate ? dateInstance(id, dtstart, idProp, instant) : instant(id, idProp);
    if (!at.ok || !inSeries.has(at.ms)) continue;
    const overrideStatus = textValue(override.getFirstPropertyValue('status'))?.toUpperCase();
    if (overrideStatus === 'CANCELLED') {
      exceptions.push({ kind: 'cancelled', at: at.ms });
      continue;
    }
    const startProp = override.getFirstProperty('dtstart');
    const start = startProp?.getFirstValue();
    if (!startProp || !(start instanceof ICAL.Time) || start.isDate) continue;
    const to = instant(start, startProp);
    // An override that keeps the time only changes the details (title, link): not an exception here.
    if (to.ok && to.ms !== at.ms) exceptions.push({ kind: 'moved', at: at.ms, to: to.ms });
  }
  exceptions.sort((a, b) => a.at - b.at || a.kind.localeCompare(b.kind));

  const last = withRule.last;
  if (last !== null && last < options.now) {
    return { ...withRule, exceptions, kind: 'ended', reason: 'the series has ended' };
  }
  return { ...withRule, exceptions, kind: 'recurring', reason: null };
}

/** A DATE (EXDATE or RECURRENCE-ID) as the instance on that day, at DTSTART's time. */
function dateInstance(
  date: ICAL.Time,
  dtstart: ICAL.Time,
  prop: ICAL.Property,
  instant: (time: ICAL.Time, prop: ICAL.Property) => Zoned,
): Zoned {
  const time = dtstart.clone();
  time.year = date.year;
  time.month = date.month;
  time.day = date.day;
  return instant(time, prop);
}

/** The TZID parameter of a property, if any. */
function tzidOf(prop: ICAL.Property | null): string | null {
  const tzid = prop?.getParameter('tzid');
  return typeof tzid === 'string' && tzid !== '' ? tzid : null;
}

function textValue(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The UTC instant of a DATE-TIME. UTC and times whose TZID has a VTIMEZONE in the file are converted
 * by ical.js with that definition; a TZID without one is read as an IANA name or, failing that, a
 * Windows zone name (Outlook's `Pacific Standard Time`) through CLDR's mapping; a floating time is
 * read in the calendar's X-WR-TIMEZONE. Anything else cannot be placed in time.
 */
export function instantOf(time: ICAL.Time, tzid: string | null, calendarZone: string | null): Zoned {
  const zone = time.zone;
  if (zone === ICAL.Timezone.utcTimezone || (zone && zone.tzid !== 'floating' && zone.component)) {
    return { ok: true, ms: time.toUnixTime() * 1000 };
  }
  const name = tzid ?? calendarZone;
  if (name === null) return { ok: false, why: 'a floating time, and the calendar names no time zone' };
  const iana = ianaZone(name);
  if (iana === null) {
    return {
      ok: false,
      why: `time zone "${name}" has no VTIMEZONE and is neither an IANA nor a Windows name`,
    };
  }
  const day = dayNumber(time.year, time.month, time.day);
  const ms = wallTimeToUtc(ZoneOffsets.of(iana), day, time.hour * 60 + time.minute) + time.second * 1000;
  return { ok: true, ms };
}

/** An IANA zone for a TZID: itself when IANA knows it, else the CLDR zone for a Windows name. */
export function ianaZone(tzid: string): string | null {
  if (IANAZone.isValidZone(tzid)) return tzid;
  // CLDR lists the territory "001" (the zone's main city) first.
  const windows = findIana(tzid)[0];
  return windows && IANAZone.isValidZone(windows) ? windows : null;
}

/** The local date (day number) and minutes after midnight of an instant in a zone. */
export function wallClock(ms: number, zone: string): { day: number; minutes: number } {
  const local = ms + ZoneOffsets.of(zone).offset(ms) * 60_000;
  const day = Math.floor(local / DAY_MS);
  return { day, minutes: Math.floor((local - day * DAY_MS) / 60_000) };
}
