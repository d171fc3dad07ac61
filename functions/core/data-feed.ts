import { isoFromDay, utcDayOf } from './calendar-date.ts';
import {
  ALL_FEED_MIN_DAYS,
  type Budgeted,
  byStartThenUid,
  type FeedBudget,
  fitBudget,
  tooShortToOffer,
} from './feed-budget.ts';
import { clockText } from './meeting.ts';
import { eventUids, meetingKey, uidHost } from './meeting-events.ts';
import { groupLabel, siteNames } from './names.ts';
import { type Occurrence, ZoneOffsets } from './occurrences.ts';
import { onePiece, type PiecedText } from './pieced-text.ts';
import { describeRecurrence } from './recurrence.ts';
import type { GroupKind } from './sigs-file.ts';
import { ALL_DATA, groupData } from './site-contract.ts';
import type { FeedInfo, GroupView, MeetingView, SiteModel } from './site-model.ts';
import { utf8Length } from './utf8.ts';

/**
 * The published JSON: `calendars/<dir>.json` per group and `calendars/all.json`, for integrations (chat
 * bots, reminders, other sites) and for the pages' own script, which decides in the viewer's browser
 * what is upcoming. Pages embed none of it, so a page does not change when the date does; these files
 * do (they are data, like the feeds). The schema is versioned (`version`) and documented in the README;
 * a change that removes or renames a field raises the version.
 */

export const DATA_SCHEMA = 'sigcal-calendar-data';
export const DATA_SCHEMA_VERSION = 1;

/** Days of past occurrences kept (from the build's UTC day), so a week view can show this week whole. */
export const DATA_DAYS_BEFORE = 7;

/** One group as the data names it. */
export interface DataGroup {
  readonly dir: string;
  readonly name: string;
  /** `SIG Node`: the name with its kind, as calendars are named. */
  readonly label: string;
  readonly kind: GroupKind;
  readonly page: string;
  /** The group's feed, or null where pages do not offer it (no events in the window). */
  readonly feed: string | null;
  readonly data: string;
}

/** One meeting as the data describes it: what a page or a bot needs besides its dates. */
export interface DataMeeting {
  /** `<dir>/<meeting-id>`: unique in the site, what occurrences name as `meeting`. */
  readonly key: string;
  readonly group: string;
  readonly id: string;
  readonly subproject: string | null;
  readonly description: string;
  /** `SIG Node: Regular SIG Meeting` */
  readonly title: string;
  readonly status: 'scheduled' | 'unscheduled';
  /** IANA zone of its wall-clock time. */
  readonly zone: string;
  /** ISO weekday (Monday 1 … Sunday 7) and `HH:MM` in `zone`: for converting an unscheduled meeting's time. */
  readonly weekday: number;
  readonly time: string;
  readonly duration: number;
  /** The schedule in words: `every Tuesday at 10:00 (America/Los_Angeles)`. */
  readonly schedule: string;
  readonly page: string;
  /** Its feed, or null where there is none or pages do not offer it. */
  readonly feed: string | null;
  /** When the size budget shortened its feed, the last date the feed covers (ISO); else null. */
  readonly feedRunsTo: string | null;
  readonly join: string | null;
  /** For an unscheduled meeting, the next start dates that would determine its dates (see `sigcal validate`). */
  readonly candidates: readonly { readonly date: string; readonly rule: string }[];
}

/** One occurrence, self-contained so a bot can use it without the rest. */
export interface DataOccurrence {
  /** The meeting's `key`. */
  readonly meeting: string;
  readonly title: string;
  /** UTC instants, `2026-12-01T18:30:00Z`. */
  readonly start: string;
  readonly end: string;
  /** Wall-clock start in the meeting's own zone, `2026-12-01T10:30`. */
  readonly local: string;
  readonly zone: string;
  readonly status: 'confirmed' | 'cancelled';
  readonly kind: 'regular' | 'moved' | 'extra';
  /** A moved occurrence's usual start (UTC); else null. */
  readonly movedFrom: string | null;
  /** The UID of its event in the feeds: a calendar that has it updates it in place. */
  readonly uid: string;
  readonly page: string;
  readonly feed: string | null;
}

/** A whole data file. */
export interface DataFile {
  readonly schema: typeof DATA_SCHEMA;
  readonly version: typeof DATA_SCHEMA_VERSION;
  readonly generator: string;
  readonly community: string | null;
  /** The calendar's name: `Kubernetes SIG Node`, `Kubernetes meetings`. */
  readonly name: string;
  /** The group's dir; null in `all.json`. */
  readonly group: string | null;
  readonly site: string;
  readonly page: string;
  /** The matching `.ics` feed when pages offer it; else null. */
  readonly feed: string | null;
  /** When the size budget shortened the `.ics` feed, the last date it covers (ISO); else null. */
  readonly feedRunsTo: string | null;
  /** The UTC days (ISO, inclusive) whose occurrences this file holds; null when it is withheld. */
  readonly from: string | null;
  readonly to: string | null;
  /** Whether this file's own budget cut `to` short of the publishing window. */
  readonly shortened: boolean;
  /** Why `all.json` holds no occurrences although there are some (too many for one file); else null. */
  readonly withheld: string | null;
  readonly groups: readonly DataGroup[];
  readonly meetings: readonly DataMeeting[];
  readonly occurrences: readonly DataOccurrence[];
}

export interface DataOptions {
  /** The build's instant (UTC ms): occurrences from {@link DATA_DAYS_BEFORE} days before its UTC day. */
  readonly now: number;
  readonly budget: FeedBudget;
}

/**
 * Every data file of the site: path → its JSON text in pieces, made when asked for. What each file
 * holds (its occurrences, within the budget) is decided here; the lines are only made when the file
 * is encoded, so a large site never holds all of its data as text at once.
 */
export function buildData(model: SiteModel, options: DataOptions): Map<string, PiecedText> {
  const writer = new DataWriter(model, options);
  const names = siteNames(model.community);
  const files = new Map<string, PiecedText>();
  const all: Entry[] = [];
  for (const group of model.groups) {
    const entries = writer.entries(group);
    all.push(...entries);
    files.set(
      groupData(group.group.dir),
      writer.file(
        {
          name: names.group(group.group.kind, group.group.name),
          group: group.group.dir,
          page: model.siteUrl + group.page,
          feed: group.feed,
          groups: [group],
        },
        entries,
      ),
    );
  }
  files.set(
    ALL_DATA,
    writer.file(
      {
        name: model.title,
        group: null,
        page: model.siteUrl,
        feed: model.allFeed,
        groups: model.groups,
        leastDays: ALL_FEED_MIN_DAYS,
      },
      all,
    ),
  );
  return files;
}

/** Each group's occurrences as the data files hold them, with the octets the budget counts for each. */
export function dataEntries(
  model: SiteModel,
  options: DataOptions,
): readonly (readonly { readonly line: string; readonly bytes: number }[])[] {
  const writer = new DataWriter(model, options);
  return model.groups.map((group) => writer.entries(group).map((e) => ({ line: e.line(), bytes: e.bytes })));
}

/** What the lines of one meeting's occurrences share, made once per meeting. */
interface MeetingLines {
  readonly head: string;
  readonly zone: string;
  readonly tail: string;
  readonly end: string;
  readonly offsets: ZoneOffsets;
  /** The characters of every line but those of its `kind` and `movedFrom` (see {@link Entry}). */
  readonly chars: number;
  /** What the shared parts' non-ASCII characters add to a line's UTF-8 length. */
  readonly extra: number;
}

/**
 * An occurrence as a line of JSON: what the budget counts (its start, and its octets with the separator
 * before the next line), with the text made only when a file showing it is written, so that a large
 * site does not hold all of its lines (27 MB at 5,000 meetings) from the start of the build to the end.
 */
class Entry implements Budgeted {
  readonly start: number;
  readonly bytes: number;
  private readonly chars: number;

  constructor(
    private readonly writer: DataWriter,
    private readonly meeting: MeetingLines,
    private readonly occurrence: Occurrence,
    readonly uid: string,
  ) {
    this.start = occurrence.start;
    this.chars = meeting.chars + occurrence.kind.length + (occurrence.movedFrom === null ? 4 : 22);
    this.bytes = this.chars + meeting.extra + LINE_SEPARATOR.length;
  }

  /** Exactly `JSON.stringify` of its {@link DataOccurrence}, from the parts its meeting's lines share. */
  line(): string {
    const { meeting: m, occurrence: o, writer } = this;
    const local = o.start + m.offsets.offset(o.start) * 60_000;
    // seriesDate is an ISO date: nothing in it needs escaping. Joined, not concatenated: one flat
    // string, where a template literal makes a rope of sixteen nodes.
    const line = [
      m.head,
      writer.iso(o.start),
      '","end":"',
      writer.iso(o.end),
      '","local":"',
      writer.iso(local, 'wall'),
      m.zone,
      o.cancelled ? 'cancelled' : 'confirmed',
      '","kind":"',
      o.kind,
      '","movedFrom":',
      o.movedFrom === null ? 'null' : `"${writer.iso(o.movedFrom)}"`,
      m.tail,
      o.seriesDate,
      m.end,
    ].join('');
    if (line.length !== this.chars) throw new Error(`internal error: a data line miscounted: ${line}`);
    return line;
  }
}

/** Between two occurrences' lines, as {@link lines} joins them. */
const LINE_SEPARATOR = ',\n    ';
/**
 * The characters of a line besides its meeting's parts, `kind` and `movedFrom`: three UTC or wall
 * times (20, 20 and 16), the keys between them, the status (9) and the series date (10).
 */
const LINE_FIXED_CHARS =
  20 +
  '","end":"'.length +
  20 +
  '","local":"'.length +
  16 +
  9 +
  '","kind":"'.length +
  '","movedFrom":'.length +
  10;

interface FileSpec {
  readonly name: string;
  readonly group: string | null;
  readonly page: string;
  readonly feed: FeedInfo;
  readonly groups: readonly GroupView[];
  /** For `all.json`: withhold every occurrence where the budget would leave fewer days than this. */
  readonly leastDays?: number;
}

class DataWriter {
  /** ISO texts by instant (UTC, and wall times): meetings share their hours, so instants repeat a lot. */
  private readonly isoTexts = { utc: new Map<number, string>(), wall: new Map<number, string>() };
  private readonly host: string;
  private readonly today: number;
  private readonly from: number;

  constructor(
    private readonly model: SiteModel,
    private readonly options: DataOptions,
  ) {
    this.host = uidHost(model.siteUrl);
    this.today = utcDayOf(options.now);
    this.from = Math.max(this.today - DATA_DAYS_BEFORE, utcDayOf(model.window.start));
  }

  /** `2026-12-01T18:30:00Z` (UTC), or `2026-12-01T18:30` (a wall time, given as if it were UTC). */
  iso(ms: number, kind: 'utc' | 'wall' = 'utc'): string {
    const texts = this.isoTexts[kind];
    let text = texts.get(ms);
    if (text === undefined) {
      const full = new Date(ms).toISOString();
      text = kind === 'wall' ? full.slice(0, 16) : `${full.slice(0, 19)}Z`;
      texts.set(ms, text);
    }
    return text;
  }

  private url(path: string): string {
    return this.model.siteUrl + path;
  }

  private feedUrl(feed: FeedInfo | null): string | null {
    return feed?.offered ? this.url(feed.path) : null;
  }

  /**
   * A group's occurrences from the first day kept, meeting by meeting, each to be written as a line of
   * JSON: exactly `JSON.stringify` of a {@link DataOccurrence}, whose parts a meeting's occurrences
   * share are encoded once per meeting (a large community has tens of thousands of occurrences).
   */
  entries(group: GroupView): Entry[] {
    const entries: Entry[] = [];
    const { dir } = group.group;
    const json = JSON.stringify;
    for (const view of group.meetings) {
      const { meeting } = view;
      const { head: uidHead, tail: uidTail } = eventUids(dir, meeting.id, this.host);
      const head = `{"meeting":${json(meetingKey(dir, meeting.id))},"title":${json(meetingTitle(group, view))},"start":"`;
      const zone = `","zone":${json(meeting.zone)},"status":"`;
      const tail = `,"uid":${json(uidHead).slice(0, -1)}`;
      const end = `${json(uidTail).slice(1)},"page":${json(this.url(view.page))},"feed":${json(this.feedUrl(view.feed))}}`;
      // Each line is these four parts and ASCII (dates, times, words): its UTF-8 size is its length
      // plus what the parts' non-ASCII characters add, counted once per meeting.
      const parts = head + zone + tail + end;
      const lines: MeetingLines = {
        head,
        zone,
        tail,
        end,
        offsets: ZoneOffsets.of(meeting.zone),
        chars: parts.length + LINE_FIXED_CHARS,
        extra: utf8Length(parts) - parts.length,
      };
      for (const o of view.occurrences) {
        if (utcDayOf(o.start) < this.from) continue;
        entries.push(new Entry(this, lines, o, `${uidHead}${o.seriesDate}${uidTail}`));
      }
    }
    return entries;
  }

  /** The file's text, in pieces made when asked for: what it holds is decided now. Sorts `entries` in place. */
  file(spec: FileSpec, entries: Entry[]): PiecedText {
    const { model } = this;
    const lastDay = utcDayOf(model.window.end) - 1;
    // The same in every head this file may get: made once.
    const groups = lines(spec.groups.map((g) => JSON.stringify(this.group(g))));
    const meetings = lines(
      spec.groups.flatMap((g) => g.meetings.map((m) => JSON.stringify(this.meeting(g, m)))),
    );
    const head = (fields: {
      from: number | null;
      to: number | null;
      shortened: boolean;
      withheld: string | null;
    }) =>
      [
        '{',
        `  "schema": ${JSON.stringify(DATA_SCHEMA)},`,
        `  "version": ${DATA_SCHEMA_VERSION},`,
        `  "generator": ${JSON.stringify(model.generator)},`,
        `  "community": ${JSON.stringify(model.community)},`,
        `  "name": ${JSON.stringify(spec.name)},`,
        `  "group": ${JSON.stringify(spec.group)},`,
        `  "site": ${JSON.stringify(model.siteUrl)},`,
        `  "page": ${JSON.stringify(spec.page)},`,
        `  "feed": ${JSON.stringify(this.feedUrl(spec.feed))},`,
        `  "feedRunsTo": ${JSON.stringify(spec.feed.shortenedTo)},`,
        `  "from": ${fields.from === null ? null : `"${isoFromDay(fields.from)}"`},`,
        `  "to": ${fields.to === null ? null : `"${isoFromDay(fields.to)}"`},`,
        `  "shortened": ${fields.shortened},`,
        `  "withheld": ${JSON.stringify(fields.withheld)},`,
        `  "groups": ${groups},`,
        `  "meetings": ${meetings},`,
        '  "occurrences": ',
      ].join('\n');
    // Measured with the longest head (a cut one's dates are as long as any other's).
    const overhead = utf8Length(head({ from: this.from, to: lastDay, shortened: false, withheld: null })) + 8;
    const { budget, now } = this.options;
    const least = spec.leastDays;
    if (least !== undefined && tooShortToOffer(entries, overhead, budget, now, least)) {
      const withheld = `it would hold less than ${least} days of meetings within the size budget; read the groups' files instead`;
      const text = `${head({ from: null, to: null, shortened: true, withheld })}[]${FILE_END}`;
      return onePiece(text, utf8Length(text));
    }
    const { kept, next } = fitBudget(entries.sort(byStartThenUid), overhead, budget, now);
    const cutTo = next ? utcDayOf(next.start) - 1 : null;
    // Where the budget dropped anything, the past went first.
    const from = kept === entries ? this.from : this.today;
    const top = head({ from, to: cutTo ?? lastDay, shortened: cutTo !== null, withheld: null });
    // Each entry's octets count the separator after it; the last one has none.
    const occurrences =
      kept.length === 0
        ? EMPTY_LIST.length
        : LIST_START.length + kept.reduce((n, e) => n + e.bytes, 0) - LINE_SEPARATOR.length + LIST_END.length;
    return {
      bytes: utf8Length(top) + occurrences + FILE_END.length,
      pieces: () => {
        if (kept.length === 0) return [top, EMPTY_LIST, FILE_END];
        // As `lines` joins them, without joining them.
        const pieces = [top, LIST_START];
        kept.forEach((entry, i) => {
          if (i > 0) pieces.push(LINE_SEPARATOR);
          pieces.push(entry.line());
        });
        pieces.push(LIST_END, FILE_END);
        return pieces;
      },
    };
  }

  private group(view: GroupView): DataGroup {
    const { group } = view;
    return {
      dir: group.dir,
      name: group.name,
      label: groupLabel(group.kind, group.name),
      kind: group.kind,
      page: this.url(view.page),
      feed: this.feedUrl(view.feed),
      data: this.url(groupData(group.dir)),
    };
  }

  private meeting(group: GroupView, view: MeetingView): DataMeeting {
    const { meeting } = view;
    return {
      key: meetingKey(group.group.dir, meeting.id),
      group: group.group.dir,
      id: meeting.id,
      subproject: meeting.subproject,
      description: meeting.description,
      title: meetingTitle(group, view),
      status: meeting.status,
      zone: meeting.zone,
      weekday: meeting.weekday,
      time: clockText(meeting.time),
      duration: meeting.durationMinutes,
      schedule: view.summary,
      page: this.url(view.page),
      feed: this.feedUrl(view.feed),
      feedRunsTo: view.feed?.shortenedTo ?? null,
      join: meeting.links.join,
      candidates: (view.advice?.candidates ?? []).map((c) => ({
        date: c.date,
        rule: describeRecurrence(c.recurrence),
      })),
    };
  }
}

/** `SIG Node: Regular SIG Meeting`. */
function meetingTitle(group: GroupView, view: MeetingView): string {
  return `${groupLabel(group.group.kind, group.group.name)}: ${view.meeting.description}`;
}

/** A JSON array with one element per line, so files diff by element. */
function lines(items: readonly string[]): string {
  return items.length === 0 ? EMPTY_LIST : `${LIST_START}${items.join(LINE_SEPARATOR)}${LIST_END}`;
}
const EMPTY_LIST = '[]';
const LIST_START = '[\n    ';
const LIST_END = '\n  ]';
const FILE_END = '\n}\n';
