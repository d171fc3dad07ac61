import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { googleIcalUrls } from '../../functions/anchor/google-calendar.ts';
import { type CalendarSeries, ianaZone, readCalendar } from '../../functions/anchor/read-calendar.ts';
import { SourceError } from '../../functions/core/errors.ts';

const NOW = Date.parse('2026-11-16T12:00:00Z');
const HORIZON = NOW + 366 * 86_400_000;
const read = (text: string, file = 'test.ics') => readCalendar(text, file, { now: NOW, horizon: HORIZON });
const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/anchor/${name}`, import.meta.url), 'utf8');
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** A VCALENDAR around some VEVENT lines (CRLF, as RFC 5545 writes it). */
function calendar(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
  for (const event of events) lines.push('BEGIN:VEVENT', ...event, 'END:VEVENT');
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}

function byUid(series: readonly CalendarSeries[], prefix: string): CalendarSeries {
  const found = series.find((s) => s.uid.startsWith(prefix));
  if (!found) throw new Error(`no series ${prefix}`);
  return found;
}

describe('readCalendar: Google basic.ics and Outlook exports', () => {
  it.each(['google-basic.ics', 'outlook.ics'])('%s: classifies every entry', (name) => {
    const { series } = read(fixture(name), name);
    const kinds = (kind: string) => series.filter((s) => s.kind === kind).map((s) => s.summary);
    expect(kinds('ended').sort()).toStrictEqual(['SIG Apps bi-weekly meeting', 'WG LTS']);
    expect(kinds('one-off')).toStrictEqual(['WG Batch', 'WG Batch']);
    expect(kinds('all-day').sort()).toStrictEqual(['SIG Docs docs sprint', 'WG Batch meetup at KubeCon']);
    expect(kinds('recurring')).toHaveLength(11);
    expect(kinds('unreadable')).toStrictEqual([]);
    // Overrides are folded into their series, never read as events of their own.
    expect(series.filter((s) => s.summary.endsWith('(moved)'))).toStrictEqual([]);
  });

  it('Google: X-WR-CALNAME, the cancelled series, and the live series with its exceptions in UTC', () => {
    const file = read(fixture('google-basic.ics'), 'google-basic.ics');
    expect(file.name).toBe('Kubernetes Community (fixture)');
    expect(byUid(file.series, 'apps-office-hours')).toMatchObject({ kind: 'cancelled' });
    const apps = byUid(file.series, 'apps-2026');
    expect(apps.rrule).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;WKST=SU');
    // 09:00 in Los Angeles: 16:00 UTC in summer, 17:00 in winter, from the file's own VTIMEZONE.
    expect(apps.instances.slice(0, 2).map(iso)).toStrictEqual(['2026-04-14T16:00', '2026-04-28T16:00']);
    expect(apps.instances.filter((ms) => iso(ms).startsWith('2026-12')).map(iso)).toStrictEqual([
      '2026-12-08T17:00',
      '2026-12-22T17:00',
    ]);
    expect(apps.last).toBeNull();
    expect(
      apps.exceptions.map((e) => [e.kind, iso(e.at), e.to === undefined ? null : iso(e.to)]),
    ).toStrictEqual([
      ['moved', '2026-06-09T16:00', '2026-06-10T16:00'],
      ['excluded', '2026-07-07T16:00', null],
      ['excluded', '2026-12-22T17:00', null],
      ['moved', '2027-01-05T17:00', '2027-01-06T17:00'],
      ['cancelled', '2027-02-02T17:00', null],
    ]);
  });

  it('Outlook: Windows zone names with VTIMEZONE blocks and COUNT give the same dates as Google', () => {
    const google = read(fixture('google-basic.ics'));
    const outlook = read(fixture('outlook.ics'));
    for (const uid of ['apps-2026', 'docs-l10n', 'arch', 'auth', 'pm', 'steering', 'lts', 'apps-2025']) {
      const g = byUid(google.series, uid);
      const o = outlook.series.find((s) => s.summary === g.summary && s.instances[0] === g.instances[0]);
      expect(o, uid).toBeDefined();
      expect(o?.instances, uid).toStrictEqual(g.instances);
      expect(o?.last, uid).toBe(g.last);
    }
    const l10n = outlook.series.find((s) => s.summary === 'SIG Docs Localization');
    expect(l10n?.tzid).toBe('W. Europe Standard Time');
    expect(l10n?.rrule).toBe('FREQ=MONTHLY;COUNT=24;BYDAY=2MO;WKST=SU');
    // 15:00 in Berlin: 14:00 UTC in winter, 13:00 in summer.
    expect(l10n?.instances.slice(0, 1).map(iso)).toStrictEqual(['2026-01-12T14:00']);
    expect(l10n?.instances.at(-1)).toBe(Date.parse('2027-12-13T14:00:00Z'));
    expect(l10n?.instances).toHaveLength(24);
  });
});

describe('readCalendar: zones', () => {
  const event = (dtstart: string, extra: string[] = []) => [
    'UID:z',
    'SUMMARY:Z',
    dtstart,
    'RRULE:FREQ=WEEKLY;COUNT=60;BYDAY=TU',
    ...extra,
  ];

  it('reads a TZID without VTIMEZONE as an IANA name, or a Windows name through CLDR', () => {
    const iana = read(calendar(event('DTSTART;TZID=Europe/Paris:20260707T100000')));
    expect(iso(iana.series[0]?.instances[0] ?? 0)).toBe('2026-07-07T08:00');
    const windows = read(calendar(event('DTSTART;TZID=Romance Standard Time:20260707T100000')));
    expect(windows.series[0]?.instances).toStrictEqual(iana.series[0]?.instances);
    expect(ianaZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaZone('Mars Standard Time')).toBeNull();
  });

  it('refuses a series it cannot place in time, saying why', () => {
    const unknown = read(calendar(event('DTSTART;TZID=Mars Standard Time:20260707T100000')));
    expect(unknown.series[0]).toMatchObject({ kind: 'unreadable' });
    expect(unknown.series[0]?.reason).toMatch(/"Mars Standard Time" has no VTIMEZONE/);
    const floating = read(calendar(event('DTSTART:20260707T100000')));
    expect(floating.series[0]?.reason).toMatch(/floating time, and the calendar names no time zone/);
  });

  it('reads floating times in the calendar’s X-WR-TIMEZONE', () => {
    const text = calendar(event('DTSTART:20260707T100000')).replace(
      'PRODID:-//test//EN',
      'PRODID:-//test//EN\r\nX-WR-TIMEZONE:Asia/Kolkata',
    );
    expect(iso(read(text).series[0]?.instances[0] ?? 0)).toBe('2026-07-07T04:30');
  });
});

describe('readCalendar: series', () => {
  it('a series of RDATEs ends with its last date; a rule that ended before now is ended', () => {
    const { series } = read(
      calendar(
        [
          'UID:r',
          'SUMMARY:R',
          'DTSTART:20261103T170000Z',
          'RDATE:20261117T170000Z,20261201T170000Z',
          'RDATE:20261215T170000Z',
        ],
        ['UID:e', 'SUMMARY:E', 'DTSTART:20260106T070000Z', 'RRULE:FREQ=WEEKLY;UNTIL=20261110T070000Z'],
      ),
    );
    expect(series[0]).toMatchObject({ kind: 'recurring', rrule: null });
    expect(series[0]?.instances.map(iso)).toStrictEqual([
      '2026-11-03T17:00',
      '2026-11-17T17:00',
      '2026-12-01T17:00',
      '2026-12-15T17:00',
    ]);
    expect(series[0]?.last).toBe(Date.parse('2026-12-15T17:00:00Z'));
    expect(series[1]).toMatchObject({ kind: 'ended', reason: 'the series has ended' });
  });

  it('an EXDATE given as a DATE excludes that day’s instance; WKST changes which weeks', () => {
    const { series } = read(
      calendar(
        [
          'UID:d',
          'SUMMARY:D',
          'DTSTART;TZID=Europe/Paris:20261103T100000',
          'RRULE:FREQ=WEEKLY;BYDAY=TU',
          'EXDATE;VALUE=DATE:20261117',
        ],
        // RFC 5545 3.3.10's example: WKST decides which Sundays an every-other-week TU,SU rule takes.
        [
          'UID:w1',
          'SUMMARY:W',
          'DTSTART:19970805T090000Z',
          'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO',
        ],
        [
          'UID:w2',
          'SUMMARY:W',
          'DTSTART:19970805T090000Z',
          'RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU',
        ],
      ),
    );
    expect(series[0]?.exceptions.map((e) => [e.kind, iso(e.at)])).toStrictEqual([
      ['excluded', '2026-11-17T09:00'],
    ]);
    expect(series[1]?.instances.map((ms) => iso(ms).slice(0, 10))).toStrictEqual([
      '1997-08-05',
      '1997-08-10',
      '1997-08-19',
      '1997-08-24',
    ]);
    expect(series[2]?.instances.map((ms) => iso(ms).slice(0, 10))).toStrictEqual([
      '1997-08-05',
      '1997-08-17',
      '1997-08-19',
      '1997-08-31',
    ]);
  });

  it('an override with no series in the file is a single event; an override keeping the time is no exception', () => {
    const { series } = read(
      calendar(
        ['UID:o', 'SUMMARY:Orphan', 'RECURRENCE-ID:20261103T170000Z', 'DTSTART:20261104T170000Z'],
        ['UID:s', 'SUMMARY:S', 'DTSTART:20261103T170000Z', 'RRULE:FREQ=WEEKLY;BYDAY=TU'],
        ['UID:s', 'SUMMARY:S (new link)', 'RECURRENCE-ID:20261110T170000Z', 'DTSTART:20261110T170000Z'],
      ),
    );
    expect(series.map((s) => [s.summary, s.kind])).toStrictEqual([
      ['S', 'recurring'],
      ['Orphan', 'one-off'],
    ]);
    expect(series[0]?.exceptions).toStrictEqual([]);
  });

  it('a rule expanding to more dates than the limit is not read', () => {
    const text = calendar(['UID:m', 'SUMMARY:M', 'DTSTART:20000101T000000Z', 'RRULE:FREQ=HOURLY']);
    const { series } = readCalendar(text, 'm.ics', { now: NOW, horizon: HORIZON, maxInstances: 1000 });
    expect(series[0]).toMatchObject({ kind: 'unreadable' });
    expect(series[0]?.reason).toMatch(/more than 1000 dates/);
  });

  it('a file that is not iCalendar is a one-line SourceError naming it', () => {
    expect(() => read('sigs:\n  - dir: x\n', 'notes.ics')).toThrow(SourceError);
    expect(() => read('sigs:\n  - dir: x\n', 'notes.ics')).toThrow(/^notes\.ics: not an iCalendar file: /);
    expect(() => read('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n', 'card.ics')).toThrow(
      /^card\.ics: not an iCalendar file: no VCALENDAR$/,
    );
  });
});

describe('googleIcalUrls', () => {
  it('derives the public basic.ics of each calendar an embed or subscribe URL names', () => {
    expect(
      googleIcalUrls(
        'https://calendar.google.com/calendar/embed?src=cgnt364vd8s86hr2phapfjc6uk%40group.calendar.google.com&ctz=America%2FLos_Angeles',
      ),
    ).toStrictEqual([
      'https://calendar.google.com/calendar/ical/cgnt364vd8s86hr2phapfjc6uk%40group.calendar.google.com/public/basic.ics',
    ]);
    expect(
      googleIcalUrls(
        'https://calendar.google.com/calendar/u/0/embed?src=a@group.calendar.google.com&src=b@group.calendar.google.com',
      ),
    ).toStrictEqual([
      'https://calendar.google.com/calendar/ical/a%40group.calendar.google.com/public/basic.ics',
      'https://calendar.google.com/calendar/ical/b%40group.calendar.google.com/public/basic.ics',
    ]);
    const cid = btoa('c_l10n@group.calendar.google.com').replace(/=+$/, '');
    expect(googleIcalUrls(`https://calendar.google.com/calendar/u/0?cid=${cid}`)).toStrictEqual([
      'https://calendar.google.com/calendar/ical/c_l10n%40group.calendar.google.com/public/basic.ics',
    ]);
  });

  it('names nothing for other URLs', () => {
    for (const url of [
      'https://example.org/calendar/embed?src=a@b',
      'http://calendar.google.com/calendar/embed?src=a@b',
      'https://calendar.google.com/calendar/embed',
      'https://calendar.google.com/calendar/embed?src=../../x',
      'not a url',
    ]) {
      expect(googleIcalUrls(url), url).toStrictEqual([]);
    }
  });
});
