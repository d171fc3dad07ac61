import { describe, expect, it } from 'vitest';
import { type MatchResult, matchMeetings } from '../../functions/anchor/match.ts';
import { readCalendar } from '../../functions/anchor/read-calendar.ts';
import { similarity, titleWords } from '../../functions/anchor/titles.ts';
import { loadCommunity } from '../../functions/core/community.ts';

const NOW = Date.parse('2026-11-16T12:00:00Z');
const HORIZON = NOW + 366 * 86_400_000;

interface MeetingText {
  description?: string;
  day: string;
  time: string;
  tz: string;
  frequency: string;
}

/** A sigs.yaml of groups `dir → meetings`. */
function community(groups: Record<string, MeetingText[]>) {
  const yaml = [
    'sigs:',
    ...Object.entries(groups).flatMap(([dir, meetings]) => [
      `  - dir: ${dir}`,
      `    name: ${dir.replace(/^(sig|wg)-/, '').toUpperCase()}`,
      '    meetings:',
      ...meetings.flatMap((m) => [
        `      - description: ${m.description ?? 'Regular SIG Meeting'}`,
        `        day: ${m.day}`,
        `        time: "${m.time}"`,
        `        tz: ${m.tz}`,
        `        frequency: ${m.frequency}`,
      ]),
    ]),
  ].join('\n');
  const loaded = loadCommunity({ file: 'sigs.yaml', text: `${yaml}\n` });
  expect(loaded.diagnostics.filter((d) => d.scope !== 'warning')).toStrictEqual([]);
  return loaded;
}

/** One VEVENT: summary, DTSTART (local, in Los Angeles unless it ends in Z), and more lines. */
function event(uid: string, summary: string, start: string, ...lines: string[]): string[] {
  const dtstart = start.endsWith('Z') ? `DTSTART:${start}` : `DTSTART;TZID=America/Los_Angeles:${start}`;
  return [`UID:${uid}`, `SUMMARY:${summary}`, dtstart, ...lines];
}

function ics(...events: string[][]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN'];
  for (const e of events) lines.push('BEGIN:VEVENT', ...e, 'END:VEVENT');
  return `${[...lines, 'END:VCALENDAR'].join('\r\n')}\r\n`;
}

function match(groups: Record<string, MeetingText[]>, ...events: string[][]): MatchResult {
  const calendar = readCalendar(ics(...events), 'community.ics', { now: NOW, horizon: HORIZON });
  return matchMeetings(community(groups), [calendar], { now: NOW, exceptions: true });
}

const starts = (result: MatchResult) =>
  Object.fromEntries(result.anchored.map((a) => [`${a.meeting.group}/${a.meeting.id}`, a.start]));

const BIWEEKLY_TUE: MeetingText = { day: 'Tuesday', time: '9:00', tz: 'PT', frequency: 'biweekly' };
const EVERY_OTHER_TUE = 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU';

describe('anchoring an open meeting', () => {
  it('takes the first date of the series that fits weekday, wall time and interval', () => {
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event('a', 'SIG Apps', '20260414T090000', EVERY_OTHER_TUE),
    );
    expect(result.anchored).toMatchObject([
      {
        meeting: { group: 'sig-apps', id: 'regular-sig-meeting', zone: 'America/Los_Angeles' },
        series: { summary: 'SIG Apps', first: '2026-04-14T09:00', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU' },
        start: '2026-04-14',
        until: null,
      },
    ]);
    expect(result.unmatched).toStrictEqual([]);
  });

  it('compares wall time in the meeting’s own zone: a series kept in UTC drifts an hour with DST', () => {
    // 17:00 UTC is 9:00 in Los Angeles in winter only.
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event('a', 'SIG Apps', '20260113T170000Z', EVERY_OTHER_TUE),
    );
    expect(result.anchored).toStrictEqual([]);
    expect(result.unmatched[0]?.near[0]?.why).toMatch(
      /at 10:00 \(America\/Los_Angeles\), not Tuesday at 09:00/,
    );
  });

  it('needs an interval consistent with the text, judged from the dates', () => {
    const weekly = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event('a', 'SIG Apps', '20260414T090000', 'RRULE:FREQ=WEEKLY;BYDAY=TU'),
    );
    expect(weekly.anchored).toStrictEqual([]);
    expect(weekly.unmatched[0]?.near[0]?.why).toBe('it repeats every Tuesday, not every other Tuesday');

    const monthly: MeetingText = { day: 'Monday', time: '15:00', tz: 'CET', frequency: 'monthly' };
    const berlin = (rrule: string) => [
      'UID:m',
      'SUMMARY:SIG Docs',
      'DTSTART;TZID=Europe/Berlin:20260112T150000',
      rrule,
    ];
    // Every four weeks is not monthly.
    const fourWeekly = match({ 'sig-docs': [monthly] }, berlin('RRULE:FREQ=WEEKLY;INTERVAL=4;BYDAY=MO'));
    expect(fourWeekly.anchored).toStrictEqual([]);
    expect(fourWeekly.unmatched[0]?.near[0]?.why).toBe(
      'it repeats every 4 weeks on Monday, not the second Monday of the month',
    );
    // The second Monday, however the rule is written (BYDAY=2MO, or BYDAY + BYMONTHDAY).
    const nth = match({ 'sig-docs': [monthly] }, berlin('RRULE:FREQ=MONTHLY;BYDAY=2MO'));
    const days = match(
      { 'sig-docs': [monthly] },
      berlin('RRULE:FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=8,9,10,11,12,13,14'),
    );
    expect(starts(nth)).toStrictEqual({ 'sig-docs/regular-sig-meeting': '2026-01-12' });
    expect(starts(days)).toStrictEqual(starts(nth));
    // The last Monday is a rule "monthly" + start cannot say.
    const last = match(
      { 'sig-docs': [monthly] },
      berlin('RRULE:FREQ=MONTHLY;BYDAY=-1MO').map((l) => l.replace('20260112', '20260126')),
    );
    expect(last.anchored).toStrictEqual([]);
    expect(last.unmatched[0]?.near[0]?.why).toMatch(/not the fourth Monday of the month/);
  });

  it('takes a series of RDATEs on the rule, and writes until its last date', () => {
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event(
        'r',
        'SIG Apps',
        '20261103T090000',
        'RDATE;TZID=America/Los_Angeles:20261117T090000,20261201T090000,20261215T090000',
      ),
    );
    expect(result.anchored).toMatchObject([
      { start: '2026-11-03', until: '2026-12-15', series: { rrule: null } },
    ]);
  });

  it('starts at the first date on the rule when DTSTART is off it (RFC 5545 counts DTSTART anyway)', () => {
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event('a', 'SIG Apps', '20260413T090000', EVERY_OTHER_TUE),
    );
    expect(starts(result)).toStrictEqual({ 'sig-apps/regular-sig-meeting': '2026-04-14' });
  });

  it('never lets moved or cancelled instances, one-offs or all-day events decide the parity', () => {
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event(
        'a',
        'SIG Apps',
        '20260414T090000',
        EVERY_OTHER_TUE,
        'EXDATE;TZID=America/Los_Angeles:20261124T090000,20261208T090000',
      ),
      // Moved into the other weeks, and cancelled: still the series' own dates.
      [
        'UID:a',
        'SUMMARY:SIG Apps',
        'RECURRENCE-ID;TZID=America/Los_Angeles:20261222T090000',
        'DTSTART;TZID=America/Los_Angeles:20261229T090000',
      ],
      [
        'UID:a',
        'SUMMARY:SIG Apps',
        'RECURRENCE-ID;TZID=America/Los_Angeles:20270105T090000',
        'DTSTART;TZID=America/Los_Angeles:20270105T090000',
        'STATUS:CANCELLED',
      ],
      // Single and all-day events in the other weeks.
      event('o1', 'SIG Apps', '20261117T090000'),
      event('o2', 'SIG Apps', '20261201T090000'),
      ['UID:d', 'SUMMARY:SIG Apps', 'DTSTART;VALUE=DATE:20261117', 'RRULE:FREQ=WEEKLY;INTERVAL=2'],
    );
    expect(starts(result)).toStrictEqual({ 'sig-apps/regular-sig-meeting': '2026-04-14' });
    expect(result.anchored[0]?.exceptions).toStrictEqual([
      { kind: 'skip', date: '2026-11-24', why: 'excluded' },
      { kind: 'skip', date: '2026-12-08', why: 'excluded' },
      { kind: 'moved', date: '2026-12-22', to: '2026-12-29T09:00' },
      { kind: 'skip', date: '2027-01-05', why: 'cancelled' },
    ]);
  });

  it('ignores a superseded series: the old weeks until March, the new ones from April', () => {
    const result = match(
      { 'sig-apps': [BIWEEKLY_TUE] },
      event(
        'old',
        'SIG Apps',
        '20250909T090000',
        'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20260331T065959Z',
      ),
      event('new', 'SIG Apps', '20260407T090000', EVERY_OTHER_TUE),
    );
    expect(starts(result)).toStrictEqual({ 'sig-apps/regular-sig-meeting': '2026-04-07' });
    expect(result.calendars[0]?.kinds).toMatchObject({ recurring: 1, ended: 1 });
  });

  it('separates two groups in the same slot by title, and writes nothing when titles cannot', () => {
    const groups = { 'sig-auth': [BIWEEKLY_TUE], 'sig-cli': [BIWEEKLY_TUE] };
    const separated = match(
      groups,
      event('a', 'Kubernetes SIG Auth bi-weekly', '20260414T090000', EVERY_OTHER_TUE),
      event('c', 'Kubernetes SIG CLI bi-weekly', '20260421T090000', EVERY_OTHER_TUE),
    );
    expect(starts(separated)).toStrictEqual({
      'sig-auth/regular-sig-meeting': '2026-04-14',
      'sig-cli/regular-sig-meeting': '2026-04-21',
    });
    const untitled = match(
      groups,
      event('a', 'Bi-weekly meeting', '20260414T090000', EVERY_OTHER_TUE),
      event('c', 'Bi-weekly meeting', '20260421T090000', EVERY_OTHER_TUE),
    );
    expect(untitled.anchored).toStrictEqual([]);
    expect(untitled.unmatched.map((u) => u.near.map((n) => n.why))).toStrictEqual([
      [
        'fits the slot, but its title is not like the meeting',
        'fits the slot, but its title is not like the meeting',
      ],
      [
        'fits the slot, but its title is not like the meeting',
        'fits the slot, but its title is not like the meeting',
      ],
    ]);
  });

  it('reports both candidates and anchors nothing when two series of the meeting fit', () => {
    const result = match(
      { 'wg-serving': [{ ...BIWEEKLY_TUE, description: 'Regular WG Meeting' }] },
      event('a', 'WG Serving', '20260414T090000', EVERY_OTHER_TUE),
      event('b', 'WG Serving', '20260421T090000', EVERY_OTHER_TUE),
    );
    expect(result.anchored).toStrictEqual([]);
    expect(result.ambiguous).toMatchObject([
      {
        meeting: { group: 'wg-serving' },
        candidates: [
          { uid: 'a', first: '2026-04-14T09:00' },
          { uid: 'b', first: '2026-04-21T09:00' },
        ],
      },
    ]);
  });

  it('tells a group’s meetings apart by their descriptions', () => {
    const result = match(
      {
        'sig-docs': [BIWEEKLY_TUE, { ...BIWEEKLY_TUE, description: 'Localization Sync' }],
      },
      event('main', 'SIG Docs', '20260414T090000', EVERY_OTHER_TUE),
      event('l10n', 'SIG Docs Localization', '20260421T090000', EVERY_OTHER_TUE),
    );
    expect(starts(result)).toStrictEqual({
      'sig-docs/regular-sig-meeting': '2026-04-14',
      'sig-docs/localization-sync': '2026-04-21',
    });
  });

  it('anchors an alternating meeting only in the other weeks than its partner', () => {
    const groups = {
      'sig-architecture': [
        { ...BIWEEKLY_TUE, frequency: 'biweekly starting 2026-04-14' },
        {
          ...BIWEEKLY_TUE,
          description: 'Code Organization',
          frequency: 'biweekly - alternating with the regular meeting',
        },
      ],
    };
    // The partner is anchored by its text, so the alternating meeting is already determined...
    const determined = match(groups, event('c', 'Code Organization', '20260421T090000', EVERY_OTHER_TUE));
    expect(determined.anchored).toStrictEqual([]);
    expect(determined.disagreements).toStrictEqual([]);
    // ...and when both are open, a series in the same weeks as the partner is not anchored.
    const open = {
      'sig-architecture': [
        BIWEEKLY_TUE,
        {
          ...BIWEEKLY_TUE,
          description: 'Code Organization',
          frequency: 'biweekly - alternating with the regular meeting',
        },
      ],
    };
    const same = match(
      open,
      event('r', 'SIG Architecture', '20260414T090000', EVERY_OTHER_TUE),
      event('c', 'SIG Architecture Code Organization', '20260414T090000', EVERY_OTHER_TUE),
    );
    expect(starts(same)).toStrictEqual({ 'sig-architecture/regular-sig-meeting': '2026-04-14' });
    expect(same.unmatched[0]?.reason).toMatch(
      /alternates, but the series .* is in the same weeks as regular-sig-meeting/,
    );
    const opposite = match(
      open,
      event('r', 'SIG Architecture', '20260414T090000', EVERY_OTHER_TUE),
      event('c', 'SIG Architecture Code Organization', '20260421T090000', EVERY_OTHER_TUE),
    );
    expect(starts(opposite)).toStrictEqual({
      'sig-architecture/regular-sig-meeting': '2026-04-14',
      'sig-architecture/code-organization': '2026-04-21',
    });
  });

  it('leaves meetings whose text gives no rule (quarterly, ad hoc) alone', () => {
    const result = match(
      { 'sig-release': [{ ...BIWEEKLY_TUE, frequency: 'quarterly' }] },
      event('r', 'SIG Release', '20260414T090000', EVERY_OTHER_TUE),
    );
    expect(result.anchored).toStrictEqual([]);
    expect(result.notAnchorable).toMatchObject([
      { group: 'sig-release', reason: expect.stringMatching(/quarterly/) },
    ]);
  });
});

describe('meetings the text determines', () => {
  const weekly: MeetingText = { day: 'Tuesday', time: '9:30', tz: 'PT', frequency: 'weekly' };

  it('are never anchored; a calendar that agrees says nothing', () => {
    const result = match(
      { 'sig-docs': [weekly] },
      event('w', 'SIG Docs', '20260203T093000', 'RRULE:FREQ=WEEKLY;BYDAY=TU'),
    );
    expect(result.anchored).toStrictEqual([]);
    expect(result.disagreements).toStrictEqual([]);
  });

  it('are reported where the calendar says another time, interval, fortnight or week of the month', () => {
    const differences = (meeting: MeetingText, ...lines: string[]) =>
      match(
        { 'sig-docs': [meeting] },
        event('w', 'SIG Docs', ...(lines as [string, ...string[]])),
      ).disagreements.map((d) => [d.differences, d.calendar, d.text]);
    expect(differences(weekly, '20260203T100000', 'RRULE:FREQ=WEEKLY;BYDAY=TU')).toStrictEqual([
      [['time'], 'every Tuesday at 10:00, next 2026-11-17', 'every Tuesday at 09:30, next 2026-11-17'],
    ]);
    expect(differences(weekly, '20260203T093000', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU')).toStrictEqual([
      [
        ['interval'],
        'every other Tuesday at 09:30, next 2026-11-24',
        'every Tuesday at 09:30, next 2026-11-17',
      ],
    ]);
    const anchoredText = { ...weekly, frequency: 'biweekly starting 2026-02-03' };
    expect(
      differences(anchoredText, '20260210T093000', 'RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'),
    ).toStrictEqual([
      [
        ['weeks'],
        'every other Tuesday at 09:30, next 2026-11-17',
        'every other Tuesday at 09:30, next 2026-11-24',
      ],
    ]);
    const first = { ...weekly, frequency: 'first Tuesday of the month' };
    expect(differences(first, '20260113T093000', 'RRULE:FREQ=MONTHLY;BYDAY=2TU')).toStrictEqual([
      [
        ['week of the month'],
        'the second Tuesday of the month at 09:30, next 2026-12-08',
        'the first Tuesday of the month at 09:30, next 2026-12-01',
      ],
    ]);
  });
});

describe('title similarity', () => {
  const none = new Set<string>();
  const score = (meeting: string, series: string) =>
    similarity(titleWords(meeting), titleWords(series), none);

  it('prefers the meeting that explains every word of the title over one that explains some', () => {
    const title = 'Cloud Provider IBM Cloud Monthly Meeting';
    expect(
      score('sig-cloud-provider Cloud Provider provider-ibmcloud IBM Cloud Subproject Meeting', title),
    ).toBeGreaterThan(score('sig-cloud-provider Cloud Provider Regular SIG Meeting', title));
  });

  it('reads a word spelled from the beginnings of the other side’s words', () => {
    expect(
      score(
        'sig-contributor-experience Contributor Experience Regular SIG Meeting',
        'SIG ContribEx Bi-Weekly Meeting',
      ),
    ).toBeGreaterThan(0);
    expect(score('provider-ibmcloud', 'IBM Cloud office hours')).toBeGreaterThan(0);
    // Two letters are not enough to stand for a word, and a run needs two words.
    expect(score('sig-contributor-experience Contributor Experience', 'SIG Co Ex sync')).toBe(0);
    expect(score('sig-node Node', 'SIG Nod sync')).toBe(0);
  });

  it('is 0 when the titles share nothing, and ties when two meetings explain the title equally', () => {
    expect(score('sig-auth Auth', 'SIG API Machinery Bi-Weekly Meeting')).toBe(0);
    expect(score('sig-etcd etcd Triage Meeting', 'Triage')).toBe(
      score('sig-instrumentation Instrumentation Triage Meeting', 'Triage'),
    );
  });
});
