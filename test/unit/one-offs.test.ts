import fc from 'fast-check';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { buildCalendars, feedTexts } from '../../functions/core/calendars.ts';
import { type Community, loadCommunity } from '../../functions/core/community.ts';
import { formatDiagnostic, ValidationError } from '../../functions/core/errors.ts';
import type { Meeting } from '../../functions/core/meeting.ts';
import { expandOneOffs, expandSchedule, type Occurrence } from '../../functions/core/occurrences.ts';
import { buildReport } from '../../functions/core/report.ts';
import { windowAround } from '../../functions/core/window.ts';
import { buildSite } from '../../functions/pipeline/build.ts';

/*
 * `moved:` and `extra:` — one-off changes as communities make them. Instants are checked against luxon
 * (an independent reading of the zone data) and feeds are read back with ical.js.
 */

const NOW = new Date('2027-01-20T12:00:00Z');
const WINDOW = windowAround(NOW);

/** A one-meeting sigs.yaml: `fields` are the meeting's lines after description (8-space indent). */
function sigs(fields: string, description = 'Weekly'): string {
  return `sigs:\n  - dir: sig-x\n    name: X\n    meetings:\n      - description: ${description}\n${fields
    .trim()
    .split('\n')
    .map((l) => `        ${l}`)
    .join('\n')}\n`;
}

const LA_WEEKLY = `
day: Tuesday
time: "9:00"
tz: America/Los_Angeles
frequency: weekly`;

function load(text: string, overlay?: string): Community {
  return loadCommunity(
    { file: 'sigs.yaml', text },
    overlay === undefined ? {} : { overlay: { file: 'schedule.yaml', text: overlay } },
  );
}

const lines = (community: Community) => community.diagnostics.map((d) => `${d.scope} ${formatDiagnostic(d)}`);

function only(community: Community): Meeting {
  const meeting = community.groups[0]?.meetings[0];
  if (!meeting) throw new Error(`no meeting: ${lines(community).join('\n')}`);
  return meeting;
}

function occurrences(community: Community): Occurrence[] {
  const meeting = only(community);
  if (meeting.status === 'scheduled') return expandSchedule(meeting.schedule, WINDOW);
  return meeting.oneOffs ? expandOneOffs(meeting.oneOffs, WINDOW) : [];
}

/** The instant of a wall time in a zone, by luxon. */
const at = (local: string, zone: string) => DateTime.fromISO(local, { zone }).toMillis();

describe('reading moved: and extra:', () => {
  it('reads T, one space or a date alone (the usual time), inline', () => {
    const community = load(
      sigs(`${LA_WEEKLY}
moved:
  2027-02-02: 2027-02-03T10:30
  2027-02-09: 2027-02-09 18:00
  2027-02-16: 2027-02-17
extra: [2027-02-20T08:15, 2027-02-27]`),
    );
    expect(lines(community)).toStrictEqual([]);
    const meeting = only(community);
    if (meeting.status !== 'scheduled') throw new Error('unscheduled');
    expect(meeting.schedule.moved).toStrictEqual([
      { from: '2027-02-02', to: { date: '2027-02-03', time: { hour: 10, minute: 30 } } },
      { from: '2027-02-09', to: { date: '2027-02-09', time: { hour: 18, minute: 0 } } },
      { from: '2027-02-16', to: { date: '2027-02-17', time: { hour: 9, minute: 0 } } },
    ]);
    expect(meeting.schedule.extra).toStrictEqual([
      { date: '2027-02-20', time: { hour: 8, minute: 15 } },
      { date: '2027-02-27', time: { hour: 9, minute: 0 } },
    ]);
  });

  it('takes a single extra date without a list', () => {
    const meeting = only(load(sigs(`${LA_WEEKLY}\nextra: 2027-02-20`)));
    expect(meeting.status === 'scheduled' && meeting.schedule.extra).toStrictEqual([
      { date: '2027-02-20', time: { hour: 9, minute: 0 } },
    ]);
  });

  it('reads them from the overlay, which replaces the inline lists whole', () => {
    const community = load(
      sigs(`${LA_WEEKLY}\nmoved: {2027-02-02: 2027-02-03}\nextra: [2027-02-20]`),
      `sig-x:\n  Weekly:\n    moved:\n      2027-02-09: 2027-02-10T11:00\n    extra: [2027-02-27T07:00]\n`,
    );
    expect(lines(community)).toStrictEqual([]);
    const meeting = only(community);
    if (meeting.status !== 'scheduled') throw new Error('unscheduled');
    expect(meeting.schedule.moved).toStrictEqual([
      { from: '2027-02-09', to: { date: '2027-02-10', time: { hour: 11, minute: 0 } } },
    ]);
    expect(meeting.schedule.extra).toStrictEqual([{ date: '2027-02-27', time: { hour: 7, minute: 0 } }]);
  });

  it('leaves a meeting without them exactly as it was (no empty lists)', () => {
    const meeting = only(load(sigs(LA_WEEKLY)));
    expect(meeting.status === 'scheduled' && Object.keys(meeting.schedule).sort()).toStrictEqual([
      'durationMinutes',
      'recurrence',
      'skip',
      'start',
      'time',
      'until',
      'zone',
    ]);
  });
});

describe('mistakes in moved: and extra:', () => {
  it.each([
    [
      'a key that is not a date of the series',
      'moved:\n  2027-02-03: 2027-02-04',
      'meeting sigs.yaml:11 sigs[0].meetings[0].moved.2027-02-03: moved 2027-02-03 is not a date of this meeting; each key of moved is a date of the series, the one it moves from',
    ],
    [
      'a key that is not a date',
      'moved:\n  next week: 2027-02-04',
      'meeting sigs.yaml:11 sigs[0].meetings[0].moved.next week: "next week" is not a date (use YYYY-MM-DD)',
    ],
    [
      'a new date and time that is not one',
      'moved:\n  2027-02-02: 2027-02-30T10:00',
      `meeting sigs.yaml:11 sigs[0].meetings[0].moved.2027-02-02: "2027-02-30T10:00" is not a date and time (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the meeting's zone)`,
    ],
    [
      'a time of day that is not one',
      'moved:\n  2027-02-02: 2027-02-02T24:00',
      `meeting sigs.yaml:11 sigs[0].meetings[0].moved.2027-02-02: "2027-02-02T24:00" is not a date and time (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the meeting's zone)`,
    ],
    [
      'an empty new date',
      'moved:\n  2027-02-02:',
      `meeting sigs.yaml:11 sigs[0].meetings[0].moved.2027-02-02: "" is not a date and time (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the meeting's zone)`,
    ],
    [
      'a move onto another meeting of the series',
      'moved:\n  2027-02-02: 2027-02-09',
      'meeting sigs.yaml:11 sigs[0].meetings[0].moved.2027-02-02: moved 2027-02-02 goes to 2027-02-09 09:00, which already is a meeting of this series',
    ],
    [
      'an extra on a date of the series',
      'extra: [2027-02-02T18:00]',
      'meeting sigs.yaml:10 sigs[0].meetings[0].extra[0]: extra 2027-02-02 is already a date of this meeting; to change its time, use moved: {2027-02-02: 2027-02-02T18:00}',
    ],
    [
      'the same extra date twice',
      'extra: [2027-02-03, 2027-02-03T18:00]',
      'meeting sigs.yaml:10 sigs[0].meetings[0].extra[1]: extra 2027-02-03 is listed twice; an extra date holds one meeting',
    ],
    [
      'an extra where a moved meeting goes',
      'moved: {2027-02-02: 2027-02-03}\nextra: [2027-02-03T09:00]',
      'meeting sigs.yaml:11 sigs[0].meetings[0].extra[0]: extra 2027-02-03 is at 2027-02-03 09:00, as is moved 2027-02-02; one meeting per date and time',
    ],
    [
      'an extra that is not a date',
      'extra: [soon]',
      `meeting sigs.yaml:10 sigs[0].meetings[0].extra[0]: "soon" is not a date and time (use YYYY-MM-DD, or YYYY-MM-DDTHH:MM in the meeting's zone)`,
    ],
  ])('%s: a meeting-level error at the entry, naming the rule', (_, fields, line) => {
    const community = load(sigs(`${LA_WEEKLY}\n${fields}`));
    expect(lines(community)).toStrictEqual([line]);
    expect(community.groups[0]?.meetings).toStrictEqual([]);
    expect(community.leftOut).toHaveLength(1);
    expect(community.leftOut[0]?.reason).toBe(line.slice(line.indexOf(': ') + 2));
  });

  it.each([
    ['a list', 'moved: [2027-02-02]', 'a list'],
    ['text', 'moved: 2027-02-02', 'string "2027-02-02"'],
  ])('moved as %s is a file-level error, like any mistyped field', (_, fields, what) => {
    expect(lines(load(sigs(`${LA_WEEKLY}\n${fields}`)))).toStrictEqual([
      `file sigs.yaml:10 sigs[0].meetings[0].moved: must be a mapping of a date of the series to its new date and time (2027-01-05: 2027-01-06T18:30), not ${what}`,
    ]);
  });

  it('in the overlay, the same rules name the overlay file and its keys', () => {
    const community = load(sigs(LA_WEEKLY), `sig-x:\n  Weekly:\n    moved:\n      2027-02-03: 2027-02-04\n`);
    expect(lines(community)).toStrictEqual([
      'meeting schedule.yaml:4 sig-x.Weekly.moved.2027-02-03: moved 2027-02-03 is not a date of this meeting; each key of moved is a date of the series, the one it moves from',
    ]);
    expect(lines(load(sigs(LA_WEEKLY), 'sig-x:\n  Weekly:\n    moved: [2027-02-02]\n'))).toStrictEqual([
      'file schedule.yaml:3 sig-x.Weekly.moved: must be a mapping of a date of the series to its new date and time (2027-01-05: 2027-01-06T18:30), not a list',
    ]);
  });

  it('a move to its own date and time changes nothing: a warning, and the regular occurrence', () => {
    const community = load(sigs(`${LA_WEEKLY}\nmoved: {2027-02-02: 2027-02-02T09:00}`));
    expect(lines(community)).toStrictEqual([
      'warning sigs.yaml:10 sigs[0].meetings[0].moved.2027-02-02: moved 2027-02-02 goes to its own date and time, so nothing moves (ignored)',
    ]);
    const o = occurrences(community).find((x) => x.seriesDate === '2027-02-02');
    expect(o).toMatchObject({ kind: 'regular', localDate: '2027-02-02', movedFrom: null });
  });

  it('a skip that names where a meeting moved to is ignored, with a hint at the date to skip', () => {
    const community = load(sigs(`${LA_WEEKLY}\nmoved: {2027-02-02: 2027-02-03}\nskip: [2027-02-03]`));
    expect(lines(community)).toStrictEqual([
      'warning sigs.yaml:11 sigs[0].meetings[0].skip[0]: skip 2027-02-03 is not a date of this meeting (ignored); to cancel the meeting moved there, skip 2027-02-02',
    ]);
  });

  it('under --keep-going the meeting is left out, and the build says why', () => {
    const text = sigs(`${LA_WEEKLY}\nmoved: {2027-02-03: 2027-02-04}`);
    const options = { now: NOW, stamp: NOW, siteUrl: 'https://m.example.org/' };
    expect(() => buildSite({ source: { file: 'sigs.yaml', text }, options })).toThrow(ValidationError);
    const built = buildSite({
      source: { file: 'sigs.yaml', text },
      options: { ...options, keepGoing: true },
    });
    expect(built.summary.leftOut.map((m) => m.reason)).toStrictEqual([
      'moved 2027-02-03 is not a date of this meeting; each key of moved is a date of the series, the one it moves from',
    ]);
  });
});

describe('expanding moved and extra dates', () => {
  it('a moved date keeps its date of the series and takes the new wall time, converted on its new date (across US DST)', () => {
    // 2027-03-09 is before the US change (14 March): 09:00 PST = 17:00Z. It moves to 18 March, 09:00 PDT = 16:00Z.
    const list = occurrences(load(sigs(`${LA_WEEKLY}\nmoved: {2027-03-09: 2027-03-18}`)));
    const moved = list.filter((o) => o.kind === 'moved');
    expect(moved).toStrictEqual([
      {
        localDate: '2027-03-18',
        seriesDate: '2027-03-09',
        kind: 'moved',
        start: at('2027-03-18T09:00', 'America/Los_Angeles'),
        end: at('2027-03-18T10:00', 'America/Los_Angeles'),
        cancelled: false,
        movedFrom: at('2027-03-09T09:00', 'America/Los_Angeles'),
      },
    ]);
    expect(moved[0]?.start).toBe(Date.UTC(2027, 2, 18, 16, 0));
    expect(moved[0]?.movedFrom).toBe(Date.UTC(2027, 2, 9, 17, 0));
    // The series date itself is gone; the list stays in time order with unique series dates.
    expect(list.filter((o) => o.localDate === '2027-03-09')).toStrictEqual([]);
    expect(list.map((o) => o.start)).toStrictEqual([...list.map((o) => o.start)].sort((a, b) => a - b));
    expect(new Set(list.map((o) => o.seriesDate)).size).toBe(list.length);
    expect(list.map((o) => o.localDate).filter((d) => d.startsWith('2027-03'))).toStrictEqual([
      '2027-03-02',
      '2027-03-16',
      '2027-03-18',
      '2027-03-23',
      '2027-03-30',
    ]);
  });

  it('a moved time in Berlin, in the week the EU changes clocks: wall time kept, UTC moves', () => {
    const berlin = `day: Thursday\ntime: "17:00"\ntz: Europe/Berlin\nfrequency: weekly`;
    // 25 March 2027 at 17:00 CET (16:00Z) moves to Monday 29 March 18:30 CEST (16:30Z).
    const list = occurrences(load(sigs(`${berlin}\nmoved: {2027-03-25: 2027-03-29T18:30}`)));
    const moved = list.find((o) => o.kind === 'moved');
    expect(moved?.start).toBe(Date.UTC(2027, 2, 29, 16, 30));
    expect(moved?.movedFrom).toBe(Date.UTC(2027, 2, 25, 16, 0));
    expect(list.find((o) => o.localDate === '2027-04-01')?.start).toBe(Date.UTC(2027, 3, 1, 15, 0));
  });

  it('a moved date that is also skipped is published cancelled, where it moved to', () => {
    const list = occurrences(
      load(sigs(`${LA_WEEKLY}\nmoved: {2027-02-02: 2027-02-03T10:00}\nskip: [2027-02-02]`)),
    );
    expect(list.filter((o) => o.seriesDate === '2027-02-02')).toStrictEqual([
      expect.objectContaining({ kind: 'moved', localDate: '2027-02-03', cancelled: true }),
    ]);
  });

  it('the new instant decides the window: moved out of it, gone; moved into it, published', () => {
    // The window runs from 2026-12-23 to 2027-07-21 (UTC days).
    expect(WINDOW.start).toBe(Date.UTC(2026, 11, 23));
    const text = sigs(`${LA_WEEKLY}\nmoved:\n  2026-12-15: 2026-12-30\n  2027-07-13: 2027-07-28`);
    const list = occurrences(load(text));
    expect(list.filter((o) => o.kind === 'moved').map((o) => [o.seriesDate, o.localDate])).toStrictEqual([
      ['2026-12-15', '2026-12-30'],
    ]);
    expect(list.some((o) => o.seriesDate === '2027-07-13')).toBe(false);
    expect(list.at(-1)?.localDate).toBe('2027-07-20');
  });

  it('extra dates are added at their own wall time (or the usual one), and can be skipped', () => {
    const list = occurrences(
      load(sigs(`${LA_WEEKLY}\nextra: [2027-03-17, 2027-03-20T07:30]\nskip: [2027-03-20]`)),
    );
    const extra = list.filter((o) => o.kind === 'extra');
    expect(extra).toStrictEqual([
      {
        localDate: '2027-03-17',
        seriesDate: '2027-03-17',
        kind: 'extra',
        start: Date.UTC(2027, 2, 17, 16, 0),
        end: Date.UTC(2027, 2, 17, 17, 0),
        cancelled: false,
        movedFrom: null,
      },
      expect.objectContaining({
        localDate: '2027-03-20',
        start: Date.UTC(2027, 2, 20, 14, 30),
        cancelled: true,
      }),
    ]);
  });

  it('an extra after the series has ended (until) is not a date of the series, so it may be added', () => {
    const community = load(sigs(`${LA_WEEKLY}\nuntil: 2027-03-02\nextra: [2027-03-09]`));
    expect(lines(community)).toStrictEqual([]);
    expect(occurrences(community).at(-1)).toMatchObject({ localDate: '2027-03-09', kind: 'extra' });
  });
});

describe('one-off dates of an unscheduled meeting', () => {
  const BIWEEKLY = `day: Thursday\ntime: "16:00"\ntz: UTC\nfrequency: biweekly`;
  const QUARTERLY = `day: Thursday\ntime: "16:00"\ntz: UTC\nfrequency: quarterly`;

  it('are dates the source determines: published, while the rule stays unscheduled and warned about', () => {
    const community = load(sigs(`${BIWEEKLY}\nextra: [2027-02-11]\nmoved: {2027-02-04: 2027-02-05}`));
    const meeting = only(community);
    expect(meeting.status).toBe('unscheduled');
    expect(lines(community)).toStrictEqual([
      'warning sigs.yaml:9 sigs[0].meetings[0].frequency: unscheduled: every 2 weeks but no start date says which Thursdays; add `start: YYYY-MM-DD` (the date of one meeting of the series) to pick which Thursdays',
    ]);
    expect(occurrences(community).map((o) => [o.kind, o.seriesDate, o.localDate])).toStrictEqual([
      ['moved', '2027-02-04', '2027-02-05'],
      ['extra', '2027-02-11', '2027-02-11'],
    ]);
  });

  it('a moved key must still fall on the meeting weekday', () => {
    expect(lines(load(sigs(`${BIWEEKLY}\nmoved: {2027-02-03: 2027-02-05}`)))).toStrictEqual([
      'meeting sigs.yaml:10 sigs[0].meetings[0].moved.2027-02-03: moved 2027-02-03 is not a date of this meeting (a Wednesday, not a Thursday); each key of moved is a date of the series, the one it moves from',
    ]);
  });

  it('"quarterly" with its dates listed is no warning, and says so', () => {
    const community = load(sigs(`${QUARTERLY}\nextra: [2027-03-25]`));
    expect(lines(community)).toStrictEqual([]);
    const meeting = only(community);
    expect(meeting).toMatchObject({
      status: 'unscheduled',
      listed: true,
      reason:
        '"quarterly" is not a regular weekly or monthly schedule; its dates are the ones listed under `extra`',
    });
    const report = buildReport(community, WINDOW, { now: NOW });
    expect(report.meetings[0]).toMatchObject({
      status: 'unscheduled',
      feed: 'calendars/sig-x/weekly.ics',
      candidates: [],
    });
    // Without dates it is unscheduled, warned about, and has no feed.
    const bare = buildReport(load(sigs(QUARTERLY)), WINDOW, { now: NOW });
    expect(bare.warnings).toHaveLength(1);
    expect(bare.meetings[0]).toMatchObject({ feed: null });
  });
});

describe('feeds, read back by ical.js', () => {
  const text = `sigs:
  - dir: sig-x
    name: X
    meetings:
      - description: Weekly
        day: Tuesday
        time: "9:00"
        tz: America/Los_Angeles
        frequency: weekly
        moved: {2027-03-09: 2027-03-18}
        extra: [2027-04-01T08:00]
      - description: Retro
        day: Thursday
        time: "16:00"
        tz: UTC
        frequency: quarterly
        extra: [2027-03-25]
  - dir: sig-y
    name: Y
    meetings:
      - description: Planning
        day: Friday
        time: "10:00"
        tz: UTC
        frequency: biweekly
`;
  const feeds = feedTexts(
    buildCalendars(load(text), WINDOW, {
      now: NOW,
      stamp: NOW,
      siteUrl: 'https://meetings.example.org/',
    }).feeds,
  );
  const events = (path: string) => {
    const feed = feeds.get(path);
    if (feed === undefined) throw new Error(`no feed ${path}`);
    const calendar = new ICAL.Component(ICAL.parse(feed) as unknown as unknown[]);
    return new Map(
      calendar.getAllSubcomponents('vevent').map((v) => {
        const event = new ICAL.Event(v);
        return [event.uid, event.startDate.toJSDate().getTime()] as const;
      }),
    );
  };

  it('a moved event keeps the UID of its date of the series and carries the new UTC start, in every feed', () => {
    for (const path of ['calendars/sig-x/weekly.ics', 'calendars/sig-x.ics', 'calendars/all.ics']) {
      const starts = events(path);
      expect(starts.get('sig-x.weekly.2027-03-09@meetings.example.org'), path).toBe(
        Date.UTC(2027, 2, 18, 16),
      );
      expect(starts.has('sig-x.weekly.2027-03-18@meetings.example.org'), path).toBe(false);
      expect(starts.get('sig-x.weekly.2027-03-16@meetings.example.org'), path).toBe(
        Date.UTC(2027, 2, 16, 16),
      );
      expect(starts.get('sig-x.weekly.2027-04-01@meetings.example.org'), path).toBe(Date.UTC(2027, 3, 1, 15));
    }
  });

  it("an unscheduled meeting's extra dates have a feed of their own, in its group's and all.ics", () => {
    for (const path of ['calendars/sig-x/retro.ics', 'calendars/sig-x.ics', 'calendars/all.ics']) {
      expect(events(path).get('sig-x.retro.2027-03-25@meetings.example.org'), path).toBe(
        Date.UTC(2027, 2, 25, 16),
      );
    }
    expect([...events('calendars/sig-x/retro.ics').keys()]).toHaveLength(1);
  });

  it('a group whose meetings have no dates still gets its (empty) feed, for subscribers of its URL', () => {
    expect(events('calendars/sig-y.ics').size).toBe(0);
    expect(feeds.has('calendars/sig-y/planning.ics')).toBe(false);
  });
});

describe('expansion properties', () => {
  const ZONES = ['America/Los_Angeles', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata'] as const;

  it('random moves: in time order, one event per date of the series, each at the wall time written', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(1, 2),
        fc.integer({ min: 0, max: 300 }),
        fc.array(
          fc.record({
            week: fc.integer({ min: 0, max: 40 }),
            shift: fc.integer({ min: -3, max: 12 }),
            hour: fc.integer({ min: 6, max: 22 }),
            minute: fc.constantFrom(0, 15, 30, 45),
          }),
          { maxLength: 8 },
        ),
        (zone, interval, offset, moves) => {
          const start = DateTime.fromISO('2026-06-02', { zone: 'UTC' }).plus({ weeks: offset % 20 });
          const now = start.plus({ days: offset });
          const window = windowAround(now.toJSDate());
          const series = (week: number) => start.plus({ weeks: week * interval }).toISODate() as string;
          const moved = [...new Map(moves.map((m) => [series(m.week), m])).entries()].map(([from, m]) => ({
            from,
            to: {
              date: DateTime.fromISO(from, { zone: 'UTC' }).plus({ days: m.shift }).toISODate() as string,
              time: { hour: m.hour, minute: m.minute },
            },
          }));
          const schedule = {
            zone,
            time: { hour: 9, minute: 30 },
            durationMinutes: 45,
            recurrence: { kind: 'weekly' as const, interval, weekday: 2 as const },
            start: start.toISODate() as string,
            until: null,
            skip: [],
            moved,
          };
          const list = expandSchedule(schedule, window);
          const plain = expandSchedule({ ...schedule, moved: [] }, window);
          expect(list.map((o) => o.start)).toStrictEqual([...list.map((o) => o.start)].sort((a, b) => a - b));
          expect(new Set(list.map((o) => o.seriesDate)).size).toBe(list.length);
          const keys = new Set(moved.map((m) => m.from));
          expect(list.filter((o) => o.kind === 'regular')).toStrictEqual(
            plain.filter((o) => !keys.has(o.localDate)),
          );
          for (const m of moved) {
            const to = DateTime.fromISO(m.to.date, { zone }).set({
              hour: m.to.time.hour,
              minute: m.to.time.minute,
            });
            const inWindow = to.toMillis() >= window.start && to.toMillis() < window.end;
            const found = list.filter((o) => o.seriesDate === m.from);
            expect(found).toStrictEqual(
              inWindow
                ? [
                    {
                      localDate: m.to.date,
                      seriesDate: m.from,
                      kind: 'moved',
                      start: to.toMillis(),
                      end: to.toMillis() + 45 * 60_000,
                      cancelled: false,
                      movedFrom: DateTime.fromISO(`${m.from}T09:30`, { zone }).toMillis(),
                    },
                  ]
                : [],
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
