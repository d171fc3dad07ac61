import { describe, expect, it } from 'vitest';
import { loadCommunity } from '../../functions/core/community.ts';
import { type NormalisedMeeting, normaliseMeeting } from '../../functions/core/meeting.ts';
import { expandSchedule, type Schedule } from '../../functions/core/occurrences.ts';
import { type Recurrence, toRRule, type Weekday } from '../../functions/core/recurrence.ts';
import { findDate, parseDay, parseFrequency, parseTime } from '../../functions/core/schedule-text.ts';
import {
  MEETING_TEXT_FIELDS,
  type MeetingSource,
  type MeetingTextField,
} from '../../functions/core/sigs-file.ts';
import { resolveZone } from '../../functions/core/zones.ts';

/*
 * Every row of shared/VOCABULARY.md, plus the variants people actually write. Most rows go through
 * `normaliseMeeting`, the level that decides what a meeting means; the readers are tested directly below.
 */

const MEETING_LINE = 20;
const MEETING_PATH = 'sigs[0].meetings[0]';

/** Each field sits on its own line below the meeting's, in MEETING_TEXT_FIELDS order. */
const lineOf = (field: MeetingTextField) => MEETING_LINE + 1 + MEETING_TEXT_FIELDS.indexOf(field);

/** A meeting as `sigs.yaml` would give it: a Tuesday 9:00 UTC weekly meeting unless overridden. */
function meetingSource(fields: Partial<Record<MeetingTextField, string>>): MeetingSource {
  const written: Partial<Record<MeetingTextField, string>> = {
    description: 'Regular SIG Meeting',
    day: 'Tuesday',
    time: '9:00',
    tz: 'UTC',
    frequency: 'weekly',
    ...fields,
  };
  return {
    groupDir: 'sig-example',
    subproject: null,
    index: 0,
    at: { file: 'sigs.yaml', line: MEETING_LINE, path: MEETING_PATH },
    fields: Object.fromEntries(
      Object.entries(written).map(([name, text]) => [
        name,
        {
          text,
          at: { file: 'sigs.yaml', line: lineOf(name as MeetingTextField), path: `${MEETING_PATH}.${name}` },
        },
      ]),
    ),
  };
}

const normalise = (fields: Partial<Record<MeetingTextField, string>>): NormalisedMeeting =>
  normaliseMeeting(meetingSource(fields));

/** The schedule of a meeting that must come out scheduled. */
function scheduleOf(fields: Partial<Record<MeetingTextField, string>>): Schedule {
  const result = normalise(fields);
  if (!result.ok) throw new Error(`left out: ${result.leftOut.reason}`);
  if (result.meeting.status !== 'scheduled') throw new Error(`unscheduled: ${result.meeting.reason}`);
  return result.meeting.schedule;
}

/** The rule, its anchor and its RRULE: what a calendar will see. */
function ruleOf(fields: Partial<Record<MeetingTextField, string>>) {
  const { recurrence, start } = scheduleOf(fields);
  return { recurrence, start, rrule: toRRule(recurrence) };
}

/** The reason and warning of a meeting that must come out unscheduled. */
function unscheduledOf(fields: Partial<Record<MeetingTextField, string>>) {
  const result = normalise(fields);
  if (!result.ok) throw new Error(`left out: ${result.leftOut.reason}`);
  if (result.meeting.status !== 'unscheduled') throw new Error('scheduled');
  return { reason: result.meeting.reason, diagnostics: result.diagnostics };
}

/** The diagnostics of a meeting that must be left out for an error. */
function errorsOf(fields: Partial<Record<MeetingTextField, string>>) {
  const result = normalise(fields);
  if (result.ok) throw new Error(`not an error: ${result.meeting.status}`);
  return result.diagnostics.map(({ line, path, scope, message }) => ({ line, path, scope, message }));
}

/** A meeting-level error on `field`, as errorsOf lists it. */
const errorOn = (field: MeetingTextField, message: string) => ({
  line: lineOf(field),
  path: `${MEETING_PATH}.${field}`,
  scope: 'meeting',
  message,
});

const weekly = (weekday: Weekday, interval = 1): Recurrence => ({ kind: 'weekly', interval, weekday });
const monthly = (weekday: Weekday, ...nth: number[]): Recurrence => ({ kind: 'monthly-nth', weekday, nth });

const TU = 2;
const WE = 3;
const TH = 4;
const SA = 6;

const START_FIX_TU = 'add `start: YYYY-MM-DD` (the date of one meeting of the series) to pick which Tuesdays';

describe('frequency (day: Tuesday)', () => {
  it.each([
    'weekly',
    'Weekly',
    'WEEKLY',
    'every week',
    'Every Week',
    'weekly (on demand)',
    'every week (on demand)',
    'weekly, you must be signed in to join',
    'weekly, you must be signed into a free zoom account',
    'Weekly - see the agenda doc for topics',
  ])('%j is every Tuesday', (frequency) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: weekly(TU),
      start: null,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
  });

  it.each([
    'biweekly',
    'Biweekly',
    'bi-weekly',
    'Bi-Weekly',
    'bi weekly',
    'every other week',
    'Every Other Week',
    'fortnightly',
    'every two weeks',
    'every 2 weeks',
    'biweekly (see agenda for dates)',
  ])('%j without a start date is unscheduled and says to add one', (frequency) => {
    const { reason, diagnostics } = unscheduledOf({ frequency });
    expect(reason).toBe(`every 2 weeks but no start date says which Tuesdays; ${START_FIX_TU}`);
    expect(diagnostics).toStrictEqual([
      {
        file: 'sigs.yaml',
        line: lineOf('frequency'),
        path: `${MEETING_PATH}.frequency`,
        scope: 'warning',
        message: `unscheduled: ${reason}`,
      },
    ]);
  });

  it.each(['biweekly', 'bi-weekly', 'bi weekly', 'every other week', 'fortnightly', 'every two weeks'])(
    '%j with `start: 2027-01-12` is every other Tuesday from that date',
    (frequency) => {
      expect(ruleOf({ frequency, start: '2027-01-12' })).toStrictEqual({
        recurrence: weekly(TU, 2),
        start: '2027-01-12',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      });
    },
  );

  it.each([
    'biweekly starting 2027-01-12',
    'bi-weekly starting Tuesday Jan 12th, 2027',
    'biweekly (from 12 January 2027)',
    'Biweekly starting January 12, 2027',
    'every other week from Jan. 12th 2027',
    // The weekday before the date is the rule's too.
    'Every other Tuesday 2027-01-12',
    'every other Tuesday, Jan 12th 2027',
  ])('%j is every other Tuesday anchored on 2027-01-12', (frequency) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: weekly(TU, 2),
      start: '2027-01-12',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    });
  });

  it('reads the README example "biweekly starting Tuesday March 12, 2024"', () => {
    expect(ruleOf({ frequency: 'biweekly starting Tuesday March 12, 2024' })).toStrictEqual({
      recurrence: weekly(TU, 2),
      start: '2024-03-12',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    });
  });

  it.each([
    ['every three weeks starting 2027-01-12', 3, 'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU'],
    ['every 3 weeks starting 2027-01-12', 3, 'FREQ=WEEKLY;INTERVAL=3;BYDAY=TU'],
    ['every 4 weeks starting 2027-01-12', 4, 'FREQ=WEEKLY;INTERVAL=4;BYDAY=TU'],
    ['every four weeks starting 2027-01-12', 4, 'FREQ=WEEKLY;INTERVAL=4;BYDAY=TU'],
  ])('%j is every %i weeks, anchored', (frequency, interval, rrule) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: weekly(TU, interval),
      start: '2027-01-12',
      rrule,
    });
  });

  it.each([
    ['every three weeks', 3],
    ['every 4 weeks', 4],
  ])('%j without a date is unscheduled', (frequency, interval) => {
    expect(unscheduledOf({ frequency }).reason).toBe(
      `every ${interval} weeks but no start date says which Tuesdays; ${START_FIX_TU}`,
    );
  });

  it('"monthly" alone is unscheduled: which Tuesday?', () => {
    expect(unscheduledOf({ frequency: 'monthly' }).reason).toBe(
      `monthly but the text does not say which Tuesday; write e.g. "first Tuesday of the month" or ${START_FIX_TU}`,
    );
  });

  it.each([
    ['monthly, starting 2027-01-05', 1, '2027-01-05'],
    ['monthly, starting 2027-01-12', 2, '2027-01-12'],
    ['monthly, starting 2027-01-19', 3, '2027-01-19'],
    ['Monthly starting 19 January 2027', 3, '2027-01-19'],
    ['monthly, starting 2027-01-26', 4, '2027-01-26'],
  ])('%j is the nth Tuesday of the start date (n = %i)', (frequency, n, start) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: monthly(TU, n),
      start,
      rrule: `FREQ=MONTHLY;BYDAY=${n}TU`,
    });
  });

  it('"monthly, starting 2027-01-19" is exactly FREQ=MONTHLY;BYDAY=3TU from 2027-01-19', () => {
    expect(ruleOf({ frequency: 'monthly, starting 2027-01-19' })).toStrictEqual({
      recurrence: monthly(TU, 3),
      start: '2027-01-19',
      rrule: 'FREQ=MONTHLY;BYDAY=3TU',
    });
  });

  it('"monthly" from a fifth Tuesday is unscheduled: most months have none', () => {
    expect(unscheduledOf({ frequency: 'monthly, starting 2027-03-30' }).reason).toBe(
      'monthly from 2027-03-30, a fifth Tuesday, which most months lack; write "last Tuesday of the month" or pick another start',
    );
  });

  it('reads the README example "monthly 2020 start date: Jan. 7th" (year elsewhere in the text)', () => {
    expect(ruleOf({ frequency: 'monthly 2020 start date: Jan. 7th' })).toStrictEqual({
      recurrence: monthly(TU, 1),
      start: '2020-01-07',
      rrule: 'FREQ=MONTHLY;BYDAY=1TU',
    });
  });

  it.each([
    'first Tuesday of the month',
    'First Tuesday of the Month',
    'FIRST TUESDAY OF THE MONTH',
    'first tuesday',
    '1st Tuesday monthly',
    'monthly - first Tuesday',
    'Monthly - First Tuesday',
    'monthly on the 1st Tuesday',
    'monthly on the first Tues.',
  ])('%j is FREQ=MONTHLY;BYDAY=1TU', (frequency) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: monthly(TU, 1),
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=1TU',
    });
  });

  it.each([
    ['second and fourth Tuesday', [2, 4], 'FREQ=MONTHLY;BYDAY=2TU,4TU'],
    ['2nd & 4th Tuesdays', [2, 4], 'FREQ=MONTHLY;BYDAY=2TU,4TU'],
    ['2nd and 4th Tuesday of the month', [2, 4], 'FREQ=MONTHLY;BYDAY=2TU,4TU'],
    ['fourth and second Tuesday', [2, 4], 'FREQ=MONTHLY;BYDAY=2TU,4TU'],
    ['1st and 3rd Tuesday of each month', [1, 3], 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['1st & 3rd Tuesday', [1, 3], 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['first and third Tuesday', [1, 3], 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['monthly - 1st/3rd Tuesday', [1, 3], 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['second & last Tuesday', [2, -1], 'FREQ=MONTHLY;BYDAY=2TU,-1TU'],
  ])('%j is the listed weeks', (frequency, nth, rrule) => {
    expect(ruleOf({ frequency })).toStrictEqual({ recurrence: monthly(TU, ...nth), start: null, rrule });
  });

  it('"fourth and last Tuesday" counts a month with four Tuesdays once', () => {
    const schedule = scheduleOf({ frequency: 'fourth and last Tuesday' });
    expect(schedule.recurrence).toStrictEqual(monthly(TU, 4, -1));
    // February 2027 has four Tuesdays (2, 9, 16, 23): the fourth is the last. March has five.
    const window = { start: Date.parse('2027-02-01T00:00:00Z'), end: Date.parse('2027-04-01T00:00:00Z') };
    expect(expandSchedule(schedule, window).map((o) => o.localDate)).toStrictEqual([
      '2027-02-23',
      '2027-03-23',
      '2027-03-30',
    ]);
  });

  it.each([
    'last Tuesday of the month',
    'monthly - last Tuesday',
    'every last Tuesday',
    'Last Tuesday every month',
  ])('%j is FREQ=MONTHLY;BYDAY=-1TU', (frequency) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: monthly(TU, -1),
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=-1TU',
    });
  });

  it('"monthly - Wednesday after the fourth Tuesday" (day: Wednesday) is WE on the 23rd to the 29th', () => {
    expect(
      ruleOf({ day: 'Wednesday', frequency: 'monthly - Wednesday after the fourth Tuesday' }),
    ).toStrictEqual({
      recurrence: { kind: 'monthly-days', weekday: WE, monthDays: [23, 24, 25, 26, 27, 28, 29] },
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,24,25,26,27,28,29',
    });
  });

  it('reads the README examples "Monthly on 4th Thursday" and "monthly - last Wednesday every month"', () => {
    expect(ruleOf({ day: 'Thursday', frequency: 'Monthly on 4th Thursday' })).toStrictEqual({
      recurrence: monthly(TH, 4),
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=4TH',
    });
    expect(ruleOf({ day: 'Wednesday', frequency: 'monthly - last Wednesday every month' })).toStrictEqual({
      recurrence: monthly(WE, -1),
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=-1WE',
    });
  });

  it('a frequency naming another weekday than `day` is an error naming both', () => {
    expect(errorsOf({ day: 'Tuesday', frequency: 'Monthly on 4th Thursday' })).toStrictEqual([
      errorOn('frequency', 'frequency names Thursday but day is Tuesday'),
    ]);
  });

  it.each([
    ['weekly on Tuesdays', 'Wednesday', 'Tuesday'],
    ['biweekly on Wednesday', 'Tuesday', 'Wednesday'],
    ['every other Tuesday', 'Wednesday', 'Tuesday'],
    ['biweekly (Tuesdays)', 'Wednesday', 'Tuesday'],
    ['alternate Thursdays', 'Tuesday', 'Thursday'],
  ])('a weekly frequency %j with day: %s is an error naming both', (frequency, day, named) => {
    expect(errorsOf({ day, frequency, start: '2027-01-12' })).toStrictEqual([
      errorOn('frequency', `frequency names ${named} but day is ${day}`),
    ]);
  });

  it('a weekly frequency that names the day, or another meeting "with" another day, agrees', () => {
    expect(ruleOf({ day: 'Tuesday', frequency: 'weekly on Tuesdays' }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(
      ruleOf({
        day: 'Tuesday',
        frequency: 'biweekly, alternating with the Thursday meeting',
        start: '2027-01-12',
      }).rrule,
    ).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU');
  });

  it.each([
    ['quarterly', 'quarterly'],
    ['Quarterly, after each release', 'quarterly'],
    ['ad hoc', 'ad hoc'],
    ['ad-hoc', 'ad-hoc'],
    ['adhoc', 'adhoc'],
    ['as needed', 'as needed'],
    ['on demand', 'on demand'],
    ['On Demand', 'on demand'],
  ])('%j is unscheduled (no regular schedule)', (frequency, word) => {
    expect(unscheduledOf({ frequency }).reason).toBe(
      `"${word}" is not a regular weekly or monthly schedule; list its dates with \`extra: [YYYY-MM-DD, …]\`, or use a regular frequency with \`start\` and \`until\``,
    );
  });

  it('an unknown frequency is unscheduled and lists what is understood', () => {
    expect(unscheduledOf({ frequency: 'whenever the moon is full' }).reason).toBe(
      'frequency is not understood; use weekly, biweekly, "every 4 weeks", "first Tuesday of the month" or "last Tuesday of the month"',
    );
  });

  describe('biweekly - alternating with the regular meeting', () => {
    it('on its own is unscheduled and says to add a start date', () => {
      expect(unscheduledOf({ frequency: 'biweekly - alternating with the regular meeting' }).reason).toBe(
        `"alternating" with another meeting does not say which weeks; ${START_FIX_TU}`,
      );
    });

    it('with its own start date is anchored there', () => {
      expect(
        ruleOf({ frequency: 'biweekly - alternating with the regular meeting', start: '2027-01-19' }),
      ).toStrictEqual({
        recurrence: weekly(TU, 2),
        start: '2027-01-19',
        rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      });
    });

    const group = (regular: string, alternating: string) => `
sigs:
  - dir: sig-architecture
    name: Architecture
    meetings:
      - description: Regular SIG Meeting
        day: Thursday
        time: "11:00"
        tz: America/Los_Angeles
        frequency: ${regular}
    subprojects:
      - name: code-organization
        meetings:
          - description: Code Organization
            day: ${alternating}
            time: "8:00"
            tz: PST/PDT
            frequency: biweekly - alternating with the regular meeting
`;
    const codeOrganization = (text: string) => {
      const community = loadCommunity({ file: 'sigs.yaml', text });
      const meeting = community.groups[0]?.meetings[1];
      expect(meeting?.description).toBe('Code Organization');
      return meeting;
    };

    it('takes the opposite weeks when the regular meeting is an anchored biweekly series', () => {
      const meeting = codeOrganization(group('biweekly starting 2027-01-07', 'Thursday'));
      expect(meeting?.status).toBe('scheduled');
      if (meeting?.status !== 'scheduled') return;
      expect(meeting.schedule.recurrence).toStrictEqual(weekly(TH, 2));
      expect(meeting.schedule.start).toBe('2027-01-14');
    });

    it('takes the week after the regular meeting on its own weekday', () => {
      const meeting = codeOrganization(group('biweekly starting 2027-01-07', 'Monday'));
      if (meeting?.status !== 'scheduled') throw new Error('not scheduled');
      expect(meeting.schedule.recurrence).toStrictEqual(weekly(1, 2));
      // The regular meeting is on Thursday 2027-01-07 (ISO week 1); the opposite week starts Monday 01-11.
      expect(meeting.schedule.start).toBe('2027-01-11');
    });

    it('stays unscheduled when the regular meeting is not an anchored biweekly series', () => {
      for (const regular of ['1st and 3rd Thursday of each month', 'biweekly', 'weekly']) {
        const meeting = codeOrganization(group(regular, 'Thursday'));
        expect(meeting?.status).toBe('unscheduled');
      }
    });
  });
});

describe('day', () => {
  it.each(['Tuesday', 'tuesday', 'TUESDAY', 'Tuesdays', 'Tue', 'Tue.', 'tues', 'Tues.', ' Tuesday '])(
    '%j is Tuesday',
    (day) => {
      expect(ruleOf({ day })).toStrictEqual({
        recurrence: weekly(TU),
        start: null,
        rrule: 'FREQ=WEEKLY;BYDAY=TU',
      });
    },
  );

  it.each([
    ['Monday', 1, 'MO'],
    ['Wednesdays', 3, 'WE'],
    ['Weds', 3, 'WE'],
    ['Thurs', 4, 'TH'],
    ['Thu.', 4, 'TH'],
    ['Friday', 5, 'FR'],
    ['Sat', 6, 'SA'],
    ['Sundays', 7, 'SU'],
  ])('%j is weekday %i', (day, weekday, code) => {
    expect(ruleOf({ day })).toStrictEqual({
      recurrence: weekly(weekday as Weekday),
      start: null,
      rrule: `FREQ=WEEKLY;BYDAY=${code}`,
    });
  });

  it.each([
    'Tuesday (starting September 8th 2026)',
    'Tuesdays starting 2026-09-08',
    'Tuesday, from 8 September 2026',
  ])('%j is Tuesday with start date 2026-09-08', (day) => {
    expect(ruleOf({ day, frequency: 'biweekly' })).toStrictEqual({
      recurrence: weekly(TU, 2),
      start: '2026-09-08',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    });
  });

  it.each([
    ['third Wednesday', 'FREQ=MONTHLY;BYDAY=3WE'],
    ['3rd Wednesday', 'FREQ=MONTHLY;BYDAY=3WE'],
    ['Third Wednesdays', 'FREQ=MONTHLY;BYDAY=3WE'],
  ])('%j with frequency: monthly is %s', (day, rrule) => {
    expect(ruleOf({ day, frequency: 'monthly' })).toStrictEqual({
      recurrence: monthly(WE, 3),
      start: null,
      rrule,
    });
  });

  it('"second and fourth Saturday" in `day` with frequency: monthly lists both weeks', () => {
    expect(ruleOf({ day: 'second and fourth Saturday', frequency: 'monthly' })).toStrictEqual({
      recurrence: monthly(SA, 2, 4),
      start: null,
      rrule: 'FREQ=MONTHLY;BYDAY=2SA,4SA',
    });
  });

  describe('a start date that is not on the named weekday is an error naming both', () => {
    it.each([
      [
        'day',
        { day: 'Tuesday (starting September 9th 2026)' },
        'start 2026-09-09 is a Wednesday, not a Tuesday',
      ],
      ['day', { day: 'Tuesdays starting 2026-09-09' }, 'start 2026-09-09 is a Wednesday, not a Tuesday'],
      [
        'frequency',
        { frequency: 'biweekly starting 2027-01-13' },
        'start 2027-01-13 is a Wednesday, not a Tuesday',
      ],
      [
        'start',
        { frequency: 'biweekly', start: '2027-01-13' },
        'start 2027-01-13 is a Wednesday, not a Tuesday',
      ],
    ] as const)('in %s: %j', (field, fields, message) => {
      expect(errorsOf(fields)).toStrictEqual([
        { line: lineOf(field), path: `${MEETING_PATH}.${field}`, scope: 'meeting', message },
      ]);
    });

    it('a weekday written with the date that disagrees with it', () => {
      expect(errorsOf({ frequency: 'biweekly starting Wednesday Jan 12th, 2027' })).toStrictEqual([
        errorOn('frequency', '2027-01-12 is a Tuesday, not a Wednesday'),
      ]);
    });

    it('a start on the weekday but not on the rule', () => {
      expect(errorsOf({ frequency: 'first Tuesday of the month', start: '2027-01-12' })).toStrictEqual([
        errorOn('start', 'start 2027-01-12 is not a date of this rule; use the date of the first meeting'),
      ]);
    });
  });

  it.each([
    ['Monday and Tuesday', '"Monday and Tuesday" names several weekdays; write one meeting per weekday'],
    ['Funday', '"Funday" is not a weekday (use Monday … Sunday)'],
    ['every day', '"every day" is not a weekday (use Monday … Sunday)'],
  ])('%j is an error', (day, message) => {
    expect(errorsOf({ day })).toStrictEqual([errorOn('day', message)]);
  });
});

describe('time', () => {
  const timeOf = (time: string) => {
    const schedule = scheduleOf({ time });
    return { hour: schedule.time.hour, minute: schedule.time.minute, duration: schedule.durationMinutes };
  };

  it.each([
    ['9:00', 9, 0],
    ['09:00', 9, 0],
    ['9', 9, 0],
    ['0900', 9, 0],
    ['9.30', 9, 30],
    ['18:30', 18, 30],
    ['0:00', 0, 0],
    ['23:59', 23, 59],
    ['4PM', 16, 0],
    ['4 pm', 16, 0],
    ['4pm', 16, 0],
    ['2 PM', 14, 0],
    ['4:30 p.m.', 16, 30],
    ['4:30 P.M.', 16, 30],
    ['4:30pm', 16, 30],
    ['9am', 9, 0],
    ['9:00am', 9, 0],
    ['12am', 0, 0],
    ['12pm', 12, 0],
    ['12:15 am', 0, 15],
    ['17h00', 17, 0],
    ['17h', 17, 0],
    ['noon', 12, 0],
    ['midnight', 0, 0],
    ['12:00 noon', 12, 0],
    ['12:00 midnight', 0, 0],
  ])('%j is %i:%i with the default 60 minutes', (time, hour, minute) => {
    expect(timeOf(time)).toStrictEqual({ hour, minute, duration: 60 });
  });

  it.each([
    ['9:00-10:30', 9, 0, 90],
    ['9:00 – 10:30', 9, 0, 90],
    ['9:00 — 10:30', 9, 0, 90],
    ['9:00 - 10:30', 9, 0, 90],
    ['9:00 to 10:00', 9, 0, 60],
    ['9am-10am', 9, 0, 60],
    ['4:30 p.m. - 5:15 p.m.', 16, 30, 45],
    ['23:00-00:30', 23, 0, 90],
    // "noon" says which 12 the end is.
    ['11:00 - 12:00 noon', 11, 0, 60],
    ['11:00 - 12 noon', 11, 0, 60],
    ['10pm - 12:00 midnight', 22, 0, 120],
  ])('the range %j starts at %i:%i and lasts %i minutes', (time, hour, minute, duration) => {
    expect(timeOf(time)).toStrictEqual({ hour, minute, duration });
  });

  it('an explicit `duration` wins over a range', () => {
    expect(scheduleOf({ time: '9:00-10:30', duration: '45' }).durationMinutes).toBe(45);
  });

  // A zone after the time is read when it is tz's (see "time that names the zone too").
  it.each(['24:30', '9:75', 'noon-ish', '13pm', '0am', '25:00', '9:00 Mars', 'half past nine'])(
    '%j is an error',
    (time) => {
      expect(errorsOf({ time })).toStrictEqual([
        errorOn('time', `"${time}" is not a time of day (use HH:MM or 4PM)`),
      ]);
    },
  );

  it.each(['0', '1441', '90 minutes', '1.5'])('duration %j is an error', (duration) => {
    expect(errorsOf({ duration })).toStrictEqual([
      errorOn('duration', `"${duration}" is not a duration (use whole minutes, 1 to 1440)`),
    ]);
  });
});

describe('tz', () => {
  const zoneOf = (tz: string) => scheduleOf({ tz }).zone;

  it.each([
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['GMT', 'UTC'],
    ['Z', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['UTC+0', 'UTC'],
    ['PT', 'America/Los_Angeles'],
    ['PT (Pacific Time)', 'America/Los_Angeles'],
    ['Pacific', 'America/Los_Angeles'],
    ['pacific time', 'America/Los_Angeles'],
    ['PST', 'America/Los_Angeles'],
    ['PDT', 'America/Los_Angeles'],
    ['PST/PDT', 'America/Los_Angeles'],
    ['US/Pacific', 'America/Los_Angeles'],
    ['ET', 'America/New_York'],
    ['Eastern Time (ET)', 'America/New_York'],
    ['EST (Eastern Time)', 'America/New_York'],
    ['EST', 'America/New_York'],
    ['EDT', 'America/New_York'],
    ['CT', 'America/Chicago'],
    ['Central Time', 'America/Chicago'],
    ['CET', 'Europe/Berlin'],
    ['CEST', 'Europe/Berlin'],
    ['CET (Central European Time)', 'Europe/Berlin'],
    ['BST', 'Europe/London'],
    ['UK time', 'Europe/London'],
    ['London', 'Europe/London'],
    ['IST', 'Asia/Kolkata'],
    ['India', 'Asia/Kolkata'],
    ['JST', 'Asia/Tokyo'],
    ['Japan', 'Asia/Tokyo'],
    ['AEST', 'Australia/Sydney'],
    ['AEDT', 'Australia/Sydney'],
    ['Sydney', 'Australia/Sydney'],
    ['AEST/AEDT', 'Australia/Sydney'],
    ['JST/Japan', 'Asia/Tokyo'],
    ['Poland', 'Europe/Warsaw'],
    ['Germany', 'Europe/Berlin'],
    ['france', 'Europe/Paris'],
    ['UTC+2', 'Etc/GMT-2'],
    ['UTC +2', 'Etc/GMT-2'],
    ['GMT-5', 'Etc/GMT+5'],
    ['UTC\u22125', 'Etc/GMT+5'],
    ['UTC+14', 'Etc/GMT-14'],
    ['UTC-12', 'Etc/GMT+12'],
    ['europe/paris', 'Europe/Paris'],
    ['AMERICA/NEW_YORK', 'America/New_York'],
    ['America/Los_Angeles', 'America/Los_Angeles'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/calcutta', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ])('%j is %s', (tz, zone) => {
    expect(zoneOf(tz)).toBe(zone);
  });

  const HINT = 'use an IANA name such as Europe/Berlin or America/Los_Angeles';
  it.each([
    ['CST', '"CST" is ambiguous: it could be America/Chicago or Asia/Shanghai (use the IANA name)'],
    [
      'Brazil',
      '"Brazil" is ambiguous: it could be America/Sao_Paulo or America/Manaus or America/Noronha (use the IANA name)',
    ],
    [
      'USA',
      '"USA" is ambiguous: it could be America/New_York or America/Chicago or America/Denver or America/Los_Angeles (use the IANA name)',
    ],
    ['Mars/Olympus', `"Mars/Olympus" is not a known IANA time zone (${HINT})`],
    ['XYZ', `"XYZ" is not a known time zone (${HINT})`],
    ['UTC05', `"UTC05" is not a known time zone (${HINT})`],
    ['UTC 10', `"UTC 10" is not a known time zone (${HINT})`],
    ['GMTA5', `"GMTA5" is not a known time zone (${HINT})`],
    ['UTC+5:30', '"UTC+5:30" is not a whole-hour offset; use the IANA name of the place (e.g. Asia/Kolkata)'],
    ['UTC-13', `"UTC-13" is not a UTC offset in use (UTC-12 … UTC+14; ${HINT})`],
    ['UTC+15', `"UTC+15" is not a UTC offset in use (UTC-12 … UTC+14; ${HINT})`],
    ['PST/CET', `"PST/CET" names several zones (America/Los_Angeles, Europe/Berlin); ${HINT}`],
  ])('%j is an error', (tz, message) => {
    expect(errorsOf({ tz })).toStrictEqual([errorOn('tz', message)]);
  });
});

describe('the whole meeting', () => {
  it('a fully written meeting becomes exactly this schedule', () => {
    expect(
      scheduleOf({
        day: 'Tuesdays',
        time: '4:30 p.m. - 6:00 p.m.',
        tz: 'CET (Central European Time)',
        frequency: 'bi-weekly starting Tuesday Jan 12th, 2027, see the agenda for topics',
        until: '2027-12-31',
      }),
    ).toStrictEqual({
      zone: 'Europe/Berlin',
      time: { hour: 16, minute: 30, durationMinutes: 90 },
      durationMinutes: 90,
      recurrence: weekly(TU, 2),
      start: '2027-01-12',
      until: '2027-12-31',
      skip: [],
    });
  });

  it('reports every broken field of one meeting, each on its own line', () => {
    expect(
      errorsOf({ time: '25:00', tz: 'Mars/Olympus', day: 'Funday', url: 'javascript:alert(1)' }),
    ).toStrictEqual([
      {
        line: lineOf('tz'),
        path: `${MEETING_PATH}.tz`,
        scope: 'meeting',
        message:
          '"Mars/Olympus" is not a known IANA time zone (use an IANA name such as Europe/Berlin or America/Los_Angeles)',
      },
      errorOn('time', '"25:00" is not a time of day (use HH:MM or 4PM)'),
      errorOn('day', '"Funday" is not a weekday (use Monday … Sunday)'),
      // A link is not what defines when: a warning, the link left out (the meeting is left out for the rest).
      {
        line: lineOf('url'),
        path: `${MEETING_PATH}.url`,
        scope: 'warning',
        message: '"javascript:alert(1)" is not an http(s) URL; left out',
      },
    ]);
  });

  it('names every missing required field', () => {
    const source = meetingSource({});
    const result = normaliseMeeting({ ...source, fields: { description: source.fields.description! } });
    expect(result.ok).toBe(false);
    expect(result.diagnostics.map((d) => `${d.line} ${d.path}: ${d.message}`)).toStrictEqual([
      `${MEETING_LINE} ${MEETING_PATH}.day: is required`,
      `${MEETING_LINE} ${MEETING_PATH}.time: is required`,
      `${MEETING_LINE} ${MEETING_PATH}.tz: is required`,
      `${MEETING_LINE} ${MEETING_PATH}.frequency: is required`,
    ]);
    // The reason a page and the summary give stands alone, so it names them too.
    expect(result.ok ? null : result.leftOut.reason).toBe('day, time, tz, frequency are required');
    const { frequency: _, ...rest } = source.fields;
    const one = normaliseMeeting({ ...source, fields: rest });
    expect(one.ok ? null : one.leftOut.reason).toBe('frequency is required');
  });

  it('until before start is an error on `until`', () => {
    expect(errorsOf({ frequency: 'biweekly', start: '2027-01-12', until: '2026-12-01' })).toStrictEqual([
      errorOn('until', 'until 2026-12-01 is before start 2027-01-12'),
    ]);
  });
});

describe('punctuation inside schedule phrases', () => {
  const BY_4TH_TU = 'FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,24,25,26,27,28,29';
  const BY_2ND_MO = 'FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=11,12,13,14,15,16,17';
  it.each([
    ['Thursday', 'monthly - Thursday, after the second Monday, each month', BY_2ND_MO, null],
    ['Thursday', 'Thursday, after the 2nd Monday (every month)', BY_2ND_MO, null],
    ['Thursday', 'monthly: Thursday after the 2nd Monday of each month', BY_2ND_MO, null],
    ['Wednesday', 'Wednesday (after the 4th Tuesday)', BY_4TH_TU, null],
    ['Wednesday', 'monthly – Wednesday, following the fourth Tuesday of the month', BY_4TH_TU, null],
    ['Wednesday', 'Monthly (1st Wednesday)', 'FREQ=MONTHLY;BYDAY=1WE', null],
    ['Wednesday', '1st, 3rd Wednesday', 'FREQ=MONTHLY;BYDAY=1WE,3WE', null],
    ['Wednesday', '1st, and 3rd Wednesday', 'FREQ=MONTHLY;BYDAY=1WE,3WE', null],
    ['Wednesday', '1st, 3rd & 5th Wednesday', 'FREQ=MONTHLY;BYDAY=1WE,3WE,5WE', null],
    ['Wednesday', 'monthly (2nd, & 4th Wednesdays)', 'FREQ=MONTHLY;BYDAY=2WE,4WE', null],
    ['Tuesday', 'weekly, on Tuesdays', 'FREQ=WEEKLY;BYDAY=TU', null],
    ['Tuesday', 'Weekly - Tuesdays', 'FREQ=WEEKLY;BYDAY=TU', null],
    ['Tuesday', 'weekly (every week)', 'FREQ=WEEKLY;BYDAY=TU', null],
    ['Tuesday', 'Tuesdays (weekly), see the agenda', 'FREQ=WEEKLY;BYDAY=TU', null],
    ['Tuesday', 'monthly – third Tuesday, every month', 'FREQ=MONTHLY;BYDAY=3TU', null],
    ['Tuesday', 'Monthly—3rd Tuesday (each month)', 'FREQ=MONTHLY;BYDAY=3TU', null],
    ['Tuesday', 'monthly (3rd Tuesday)', 'FREQ=MONTHLY;BYDAY=3TU', null],
    ['Tuesday', '3rd Tuesday - monthly', 'FREQ=MONTHLY;BYDAY=3TU', null],
    ['Thursday', 'Monthly, on the 2nd Thursday, every month', 'FREQ=MONTHLY;BYDAY=2TH', null],
    ['Tuesday', 'last Tuesday, each month', 'FREQ=MONTHLY;BYDAY=-1TU', null],
    ['Tuesday', 'every other Tuesday, starting 2027-01-12', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2027-01-12'],
    [
      'Tuesday',
      'bi\u2011weekly (Tuesdays), starting 2027-01-12',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
      '2027-01-12',
    ],
    ['Tuesday', 'bi–weekly, from 12 January 2027', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2027-01-12'],
    ['Tuesday', 'alternate Tuesdays (from 2027-01-12)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU', '2027-01-12'],
  ])('day %j, frequency %j is %s', (day, frequency, rrule, start) => {
    const rule = ruleOf({ day, frequency });
    expect({ rrule: rule.rrule, start: rule.start }).toStrictEqual({ rrule, start });
  });

  it.each([
    ['Thursday', 'Thursdays, biweekly'],
    ['Tuesday', 'bi-weekly (Tuesdays)'],
    ['Tuesday', 'every other week - Tuesday'],
    ['Tuesday', 'Every other Tuesday'],
    ['Tuesday', 'alternate Tuesdays'],
    ['Tuesday', 'every two weeks, on Tuesday'],
    ['Tuesday', '(bi-weekly)'],
  ])('day %j, frequency %j is every other week, and says to add a start date', (day, frequency) => {
    expect(unscheduledOf({ day, frequency }).reason).toBe(
      `every 2 weeks but no start date says which ${day}s; add \`start: YYYY-MM-DD\` (the date of one meeting of the series) to pick which ${day}s`,
    );
  });

  it('"monthly, every month" still does not say which week', () => {
    expect(unscheduledOf({ frequency: 'monthly, every month' }).reason).toMatch(
      /^monthly but the text does not say which Tuesday/,
    );
  });
});

describe('invisible characters in schedule values', () => {
  const warning = (field: MeetingTextField, message: string) => ({
    file: 'sigs.yaml',
    line: lineOf(field),
    path: `${MEETING_PATH}.${field}`,
    scope: 'warning',
    message,
  });

  it.each([
    [
      'day',
      'Thurs\u200bday',
      'U+200B (zero width space) removed; read as "Thursday"',
      'FREQ=WEEKLY;BYDAY=TH',
    ],
    ['day', '\ufeffTuesday', 'U+FEFF (byte order mark) removed; read as "Tuesday"', 'FREQ=WEEKLY;BYDAY=TU'],
    ['day', 'Tues\u00adday', 'U+00AD (soft hyphen) removed; read as "Tuesday"', 'FREQ=WEEKLY;BYDAY=TU'],
    [
      'day',
      'Tues\u200b\u00adday\u200b',
      'U+200B (zero width space) removed, U+00AD (soft hyphen) removed; read as "Tuesday"',
      'FREQ=WEEKLY;BYDAY=TU',
    ],
    ['tz', 'UTC\u200e', 'U+200E (left-to-right mark) removed; read as "UTC"', 'FREQ=WEEKLY;BYDAY=TU'],
    [
      'frequency',
      'bi\u200cweekly starting 2027-01-12',
      'U+200C (zero width non-joiner) removed; read as "biweekly starting 2027-01-12"',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    ],
    [
      'frequency',
      'weekly\u200d',
      'U+200D (zero width joiner) removed; read as "weekly"',
      'FREQ=WEEKLY;BYDAY=TU',
    ],
    [
      'frequency',
      'monthly\u00a0-\u00a0first Tuesday',
      'U+00A0 (no-break space) taken as a space; read as "monthly - first Tuesday"',
      'FREQ=MONTHLY;BYDAY=1TU',
    ],
  ] as const)('%s %j: %s', (field, text, message, rrule) => {
    const result = normalise({ [field]: text });
    expect(result.diagnostics).toStrictEqual([warning(field, message)]);
    expect(ruleOf({ [field]: text }).rrule).toBe(rrule);
  });

  it.each([
    ['9:00\u00a0PM', 'U+00A0 (no-break space) taken as a space; read as "9:00 PM"', 21, 0],
    ['4:30\u202fp.m.', 'U+202F (narrow no-break space) taken as a space; read as "4:30 p.m."', 16, 30],
    ['9:30\u2060', 'U+2060 (word joiner) removed; read as "9:30"', 9, 30],
    [
      '\u200b9:30\u2007AM',
      'U+200B (zero width space) removed, U+2007 (figure space) taken as a space; read as "9:30 AM"',
      9,
      30,
    ],
  ])('time %j: %s', (time, message, hour, minute) => {
    expect(normalise({ time }).diagnostics).toStrictEqual([warning('time', message)]);
    const schedule = scheduleOf({ time });
    expect([schedule.time.hour, schedule.time.minute]).toStrictEqual([hour, minute]);
  });

  it('a zone, the extensions and the id are cleaned the same way', () => {
    const fields = {
      tz: 'America/\u200bLos_Angeles',
      frequency: 'biweekly',
      start: '2027-01-12\u200b',
      until: '\u20602027-12-31',
      duration: '45\ufeff',
      id: 'docs\u00ad-weekly',
    };
    const result = normalise(fields);
    expect(result.diagnostics).toStrictEqual([
      warning('tz', 'U+200B (zero width space) removed; read as "America/Los_Angeles"'),
      warning('start', 'U+200B (zero width space) removed; read as "2027-01-12"'),
      warning('until', 'U+2060 (word joiner) removed; read as "2027-12-31"'),
      warning('duration', 'U+FEFF (byte order mark) removed; read as "45"'),
      warning('id', 'U+00AD (soft hyphen) removed; read as "docs-weekly"'),
    ]);
    if (!result.ok) throw new Error('left out');
    expect(result.meeting.id).toBe('docs-weekly');
    expect(result.meeting.written.tz).toBe('America/Los_Angeles');
    expect(scheduleOf(fields)).toMatchObject({
      zone: 'America/Los_Angeles',
      start: '2027-01-12',
      until: '2027-12-31',
      durationMinutes: 45,
    });
  });

  it('a skip date is cleaned too', () => {
    const source = meetingSource({});
    const at = { file: 'sigs.yaml', line: 40, path: `${MEETING_PATH}.skip[0]` };
    const result = normaliseMeeting({
      ...source,
      skip: { at: { ...at, path: `${MEETING_PATH}.skip` }, items: [{ text: '2027-01-19\u200b', at }] },
    });
    expect(result.diagnostics).toStrictEqual([
      { ...at, scope: 'warning', message: 'U+200B (zero width space) removed; read as "2027-01-19"' },
    ]);
    if (!result.ok || result.meeting.status !== 'scheduled') throw new Error('not scheduled');
    expect(result.meeting.schedule.skip).toStrictEqual(['2027-01-19']);
  });

  it('a value still wrong once cleaned is an error about the cleaned value, after the warning', () => {
    const result = normalise({ time: '25:00\u200b' });
    expect(result.ok).toBe(false);
    expect(result.diagnostics).toStrictEqual([
      warning('time', 'U+200B (zero width space) removed; read as "25:00"'),
      { ...warning('time', '"25:00" is not a time of day (use HH:MM or 4PM)'), scope: 'meeting' },
    ]);
    if (!result.ok) expect(result.leftOut.reason).toBe('"25:00" is not a time of day (use HH:MM or 4PM)');
  });

  it('prose keeps its joiners: a description with an emoji sequence is left as written', () => {
    const description = 'Family sync \u{1F468}\u200d\u{1F469}\u200d\u{1F467}';
    const result = normalise({ description });
    expect(result.diagnostics).toStrictEqual([]);
    if (result.ok) expect(result.meeting.description).toBe(description);
  });
});

describe('faults in links: the link is left out with a warning, the meeting stays', () => {
  const LINKS = [
    ['url', 'join'],
    ['archive_url', 'notes'],
    ['recordings_url', 'recordings'],
    ['calendar_url', 'calendar'],
  ] as const;
  const linksOf = (fields: Partial<Record<MeetingTextField, string>>) => {
    const result = normalise(fields);
    if (!result.ok) throw new Error(`left out: ${result.leftOut.reason}`);
    expect(result.meeting.status).toBe('scheduled');
    return { links: result.meeting.links, diagnostics: result.diagnostics };
  };

  describe.each(LINKS)('%s', (field, key) => {
    it.each([
      'TBD',
      'tbd',
      'TBA',
      'TBC.',
      '(TBD)',
      'N/A',
      'n/a',
      'none',
      'None',
      'null',
      '-',
      '—',
      '?',
      'TODO',
      'unknown',
      'coming soon',
    ])('%j is a placeholder', (text) => {
      const { links, diagnostics } = linksOf({ [field]: text });
      expect(links[key]).toBeNull();
      expect(diagnostics).toStrictEqual([
        {
          file: 'sigs.yaml',
          line: lineOf(field),
          path: `${MEETING_PATH}.${field}`,
          scope: 'warning',
          message: `"${text}" is a placeholder, not a link; left out`,
        },
      ]);
    });

    it.each(['', '   '])('%j is simply absent', (text) => {
      expect(linksOf({ [field]: text })).toStrictEqual({
        links: { join: null, notes: null, recordings: null, calendar: null },
        diagnostics: [],
      });
    });
  });

  it.each([
    [
      'https://meet.example.org/\u200bsig-docs',
      'U+200B (zero width space) removed; read as "https://meet.example.org/sig-docs"',
      'https://meet.example.org/sig-docs',
    ],
    [
      '\ufeffhttps://meet.example.org/x\u00a0',
      'U+FEFF (byte order mark) removed, U+00A0 (no-break space) removed; read as "https://meet.example.org/x"',
      'https://meet.example.org/x',
    ],
    [
      'https://meet.exa\u00admple.org/x\u2060',
      'U+00AD (soft hyphen) removed, U+2060 (word joiner) removed; read as "https://meet.example.org/x"',
      'https://meet.example.org/x',
    ],
    [
      'https://meet.example.org/x\u00a0y',
      '"https://meet.example.org/x\u00a0y" has U+00A0 (no-break space) inside, which cannot be removed safely; left out',
      null,
    ],
    ['\u200b', 'U+200B (zero width space) removed; read as "", so there is no link', null],
  ])('url %j: %s', (url, message, join) => {
    const { links, diagnostics } = linksOf({ url });
    expect(links.join).toBe(join);
    expect(diagnostics).toStrictEqual([
      { file: 'sigs.yaml', line: lineOf('url'), path: `${MEETING_PATH}.url`, scope: 'warning', message },
    ]);
  });

  it('a placeholder behind an invisible character is one warning, for the placeholder', () => {
    expect(linksOf({ recordings_url: 'TBD\u200b' }).diagnostics.map((d) => d.message)).toStrictEqual([
      '"TBD" is a placeholder, not a link; left out',
    ]);
  });
});

describe('the readers', () => {
  it('parseTime returns the clock and the duration of a range', () => {
    expect(parseTime('9:00 – 10:30')).toStrictEqual({
      ok: true,
      value: { hour: 9, minute: 0, durationMinutes: 90 },
    });
    expect(parseTime('4:30 p.m.')).toStrictEqual({ ok: true, value: { hour: 16, minute: 30 } });
    expect(parseTime('noon-ish')).toStrictEqual({
      ok: false,
      message: '"noon-ish" is not a time of day (use HH:MM or 4PM)',
    });
  });

  it('parseTime reads a range past midnight, and refuses one that ends before or when it starts', () => {
    expect(parseTime('22:00-01:00')).toStrictEqual({
      ok: true,
      value: { hour: 22, minute: 0, durationMinutes: 180 },
    });
    expect(parseTime('22:00-06:00')).toStrictEqual({
      ok: true,
      value: { hour: 22, minute: 0, durationMinutes: 480 },
    });
    expect(parseTime('10:00 - 09:00')).toStrictEqual({
      ok: false,
      message:
        '"10:00 - 09:00" ends before it starts (past midnight it would be 23 hours); write start-end, e.g. 10:00-11:00',
    });
    expect(parseTime('10:00-10:00')).toStrictEqual({
      ok: false,
      message: '"10:00-10:00" ends when it starts; write start-end, e.g. 10:00-11:00',
    });
    // A long day is a range, not a slip.
    expect(parseTime('09:00-21:00')).toStrictEqual({
      ok: true,
      value: { hour: 9, minute: 0, durationMinutes: 720 },
    });
  });

  it('parseDay returns the weekday, the weeks and the start date', () => {
    expect(parseDay('Tuesday (starting September 8th 2026)')).toStrictEqual({
      ok: true,
      value: { weekday: 2, start: '2026-09-08' },
    });
    expect(parseDay('3rd Wednesday')).toStrictEqual({ ok: true, value: { weekday: 3, nth: [3] } });
    expect(parseDay('Tues.')).toStrictEqual({ ok: true, value: { weekday: 2 } });
  });

  it.each([
    ['weekly', { rule: { kind: 'weekly', interval: 1 }, alternating: false, weekdays: [] }],
    ['bi-weekly', { rule: { kind: 'weekly', interval: 2 }, alternating: false, weekdays: [] }],
    ['every 4 weeks', { rule: { kind: 'weekly', interval: 4 }, alternating: false, weekdays: [] }],
    ['weekly on Tuesdays', { rule: { kind: 'weekly', interval: 1 }, alternating: false, weekdays: [2] }],
    ['every other Thu.', { rule: { kind: 'weekly', interval: 2 }, alternating: false, weekdays: [4] }],
    [
      'biweekly starting Tuesday Jan 12th, 2027',
      { rule: { kind: 'weekly', interval: 2 }, alternating: false, weekdays: [], start: '2027-01-12' },
    ],
    ['monthly', { rule: { kind: 'monthly' }, alternating: false, weekdays: [] }],
    [
      'monthly, starting 2027-01-19',
      { rule: { kind: 'monthly' }, alternating: false, weekdays: [], start: '2027-01-19' },
    ],
    [
      '2nd & 4th Tuesdays',
      { rule: { kind: 'monthly-nth', nth: [2, 4], weekday: 2 }, alternating: false, weekdays: [] },
    ],
    [
      'monthly - last Wednesday every month',
      { rule: { kind: 'monthly-nth', nth: [-1], weekday: 3 }, alternating: false, weekdays: [] },
    ],
    [
      'monthly - Wednesday after the fourth Tuesday',
      { rule: { kind: 'monthly-after', weekday: 3, nth: 4, after: 2 }, alternating: false, weekdays: [] },
    ],
    [
      'biweekly - alternating with the regular meeting',
      { rule: { kind: 'weekly', interval: 2 }, alternating: true, weekdays: [] },
    ],
    [
      'quarterly',
      {
        rule: { kind: 'irregular', reason: '"quarterly" is not a regular weekly or monthly schedule' },
        alternating: false,
        weekdays: [],
      },
    ],
    ['sometimes', { rule: { kind: 'unknown' }, alternating: false, weekdays: [] }],
  ])('parseFrequency(%j)', (text, value) => {
    expect(parseFrequency(text)).toStrictEqual({ ok: true, value });
  });

  it.each([
    ['2027-01-12', { date: '2027-01-12', span: '2027-01-12' }],
    ['starting Tuesday Jan 12th, 2027', { date: '2027-01-12', span: 'Tuesday Jan 12th, 2027' }],
    ['(from 12 January 2027)', { date: '2027-01-12', span: '12 January 2027' }],
    ['starting September 10th 2024', { date: '2024-09-10', span: 'September 10th 2024' }],
    ['monthly 2020 start date: Jan. 7th', { date: '2020-01-07', span: 'Jan. 7th' }],
    ['Sept 8, 2026', { date: '2026-09-08', span: 'Sept 8, 2026' }],
  ])('findDate(%j)', (text, value) => {
    expect(findDate(text)).toStrictEqual({ ok: true, value });
  });

  it.each([
    ['starting Jan 12th', 'date "Jan 12th" has no year (write it as YYYY-MM-DD)'],
    ['from 2026 or 2027, Jan 12th', 'date "Jan 12th" has no year (write it as YYYY-MM-DD)'],
    ['2027-02-30', '"2027-02-30" is not a calendar date'],
    ['February 30th 2027', '"February 30th 2027" is not a calendar date'],
    ['Wednesday Jan 12th, 2027', '2027-01-12 is a Tuesday, not a Wednesday'],
  ])('findDate(%j) is an error', (text, message) => {
    expect(findDate(text)).toStrictEqual({ ok: false, message });
  });

  it('findDate finds nothing in text without a date', () => {
    expect(findDate('biweekly, see the agenda')).toBeUndefined();
    expect(findDate('first Tuesday of the month')).toBeUndefined();
  });

  it.each([
    ['PT (Pacific Time)', 'America/Los_Angeles'],
    ['europe/paris', 'Europe/Paris'],
    ['UTC+2', 'Etc/GMT-2'],
    ['GMT-5', 'Etc/GMT+5'],
    ['Poland', 'Europe/Warsaw'],
    // IANA names of one word, links to the zones of today's database.
    ['PST8PDT', 'America/Los_Angeles'],
    ['EST5EDT', 'America/New_York'],
    ['Japan', 'Asia/Tokyo'],
    // An alias sigcal knows comes first: EST is New York's time, not IANA's fixed -05:00 zone.
    ['EST', 'America/New_York'],
    // The city a zone is named after, in its current and former spellings, accents or not.
    ['Berlin', 'Europe/Berlin'],
    ['Tokyo', 'Asia/Tokyo'],
    ['New York', 'America/New_York'],
    ['São Paulo', 'America/Sao_Paulo'],
    ['Kolkata', 'Asia/Kolkata'],
    ['Kyiv', 'Europe/Kyiv'],
    ['Kiev', 'Europe/Kyiv'],
    ['Berlin (CET)', 'Europe/Berlin'],
  ])('resolveZone(%j) is %s', (label, zone) => {
    expect(resolveZone(label)).toStrictEqual({ ok: true, value: zone });
  });

  it('resolveZone explains an empty label', () => {
    expect(resolveZone('  ')).toStrictEqual({
      ok: false,
      message: 'time zone is empty (use an IANA name such as Europe/Berlin or America/Los_Angeles)',
    });
  });
});

describe('toRRule', () => {
  it.each([
    [weekly(TU), undefined, 'FREQ=WEEKLY;BYDAY=TU'],
    [weekly(7, 2), undefined, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=SU'],
    [weekly(1, 4), '20271231T090000Z', 'FREQ=WEEKLY;INTERVAL=4;BYDAY=MO;UNTIL=20271231T090000Z'],
    [monthly(TU, 3), undefined, 'FREQ=MONTHLY;BYDAY=3TU'],
    [monthly(TH, 1, 3), undefined, 'FREQ=MONTHLY;BYDAY=1TH,3TH'],
    [monthly(5, 2, -1), undefined, 'FREQ=MONTHLY;BYDAY=2FR,-1FR'],
    [
      { kind: 'monthly-days', weekday: WE, monthDays: [23, 24, 25, 26, 27, 28, 29] },
      undefined,
      'FREQ=MONTHLY;BYDAY=WE;BYMONTHDAY=23,24,25,26,27,28,29',
    ],
  ] as const)('%j (until %s) is %s', (recurrence, until, rrule) => {
    expect(toRRule(recurrence as Recurrence, until)).toBe(rrule);
  });
});

/*
 * Phrasings from an audit of how real communities write `frequency` (311 of them): each of these was
 * scheduled on dates its words do not give, or not read at all.
 */
describe('frequency: what the words around a rule change (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    ['weekly until 2027-03-02', null, '2027-03-02'],
    ['weekly, ends 2027-03-02', null, '2027-03-02'],
    ['weekly starting 2026-12-01 until 2027-03-02', '2026-12-01', '2027-03-02'],
    ['weekly from 2026-12-01 to 2027-03-02', '2026-12-01', '2027-03-02'],
    ['biweekly starting 2026-12-01', '2026-12-01', null],
  ])('a date in %j is the start or the end its words say', (frequency, start, until) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({ start, until });
  });

  it.each([
    'weekly (no meeting 2026-12-29)',
    'weekly, not 2026-12-29',
    'weekly (2026-12-29 cancelled)',
    'weekly, skipping 2026-12-29',
  ])('a date in %j is a date skipped, not the start', (frequency) => {
    const schedule = scheduleOf({ frequency });
    expect(schedule.start).toBeNull();
    expect(schedule.skip).toStrictEqual(['2026-12-29']);
  });

  it.each([
    'weekly (updated 2026-10-01)',
    'weekly, during APAC hours',
    'weekly, except during KubeCon weeks',
    'weekly, except holidays',
    'weekly (summer time: 09:00 UTC)',
  ])('%j is still every Tuesday: the words qualify something else', (frequency) => {
    expect(ruleOf({ frequency })).toStrictEqual({
      recurrence: weekly(TU),
      start: null,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
    });
  });

  it('a skipped date in a biweekly rule does not pick its weeks', () => {
    expect(reasonOf({ frequency: 'biweekly (skipping 2026-12-22)' })).toMatch(
      /^every 2 weeks but no start date/,
    );
  });

  it.each([
    [
      'weekly (2026-12-22 and 2026-12-29 cancelled)',
      /^frequency gives (?:several dates|a break) \(2026-12-22, 2026-12-29\)/,
    ],
    ['weekly (2026-12-22 moved to Wednesday)', /^frequency says 2026-12-22 moved/],
  ])('%j is more than the rule can carry: unscheduled', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it.each([
    'first Tuesday of odd months',
    'first Tuesday every other month',
    'first Tuesday of each quarter',
    'Last Tuesday of every other month',
    'tri-weekly',
    'semi-weekly',
    'twice weekly',
    'thrice weekly',
    'four-weekly',
    'weekly (paused)',
    'weekly, paused until 2027',
    'weekly (on hiatus)',
    'weekly except the last week of the month',
    'weekly, except the first Tuesday of the month',
    'weekly during summer',
    'weekly, except in August',
    'weekly during the school term',
    'weekly (during the release cycle)',
    'twice monthly',
    'semi-monthly',
  ])('%j is not a plain rule: unscheduled, even with a start date', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(
      /is not a (?:plain|regular) weekly or monthly|does not say which weeks/,
    );
    expect(reasonOf({ frequency, start: '2026-12-01' })).toBeTruthy();
  });

  it('the first Friday after the 15th is no rule sigcal reads; a Thursday after the 2nd Monday is', () => {
    expect(reasonOf({ day: 'Friday', frequency: 'first Friday after the 15th' })).toMatch(/after the 15th/);
    expect(ruleOf({ day: 'Thursday', frequency: 'monthly - Thursday after the 2nd Monday' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=TH;BYMONTHDAY=11,12,13,14,15,16,17',
    );
  });

  it.each(['every second Tuesday', 'every 2nd Tuesday', 'every third Tuesday', 'every 4th Tuesday'])(
    '%j can mean a week of the month or every few weeks: unscheduled, saying both',
    (frequency) => {
      expect(reasonOf({ frequency })).toMatch(/ of each month or every .* week; write /);
    },
  );

  it('"every 2nd Tuesday of the month" is the second Tuesday', () => {
    expect(ruleOf({ frequency: 'every 2nd Tuesday of the month' }).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU');
  });

  it.each(['weekly or biweekly', 'weekly/biweekly'])(
    '%j gives two rules: unscheduled, naming both',
    (frequency) => {
      expect(reasonOf({ frequency })).toMatch(/ and .* are different rules; say which one/);
    },
  );

  it('twice a month with its two weeks, or biweekly with them, is those weeks', () => {
    expect(ruleOf({ frequency: 'twice a month (1st and 3rd Tuesday)' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=1TU,3TU',
    );
    expect(ruleOf({ frequency: 'biweekly (2nd and 4th Tuesday)' }).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU,4TU');
  });

  it('a weekly frequency naming two weekdays is an error: each is a meeting of its own', () => {
    expect(errorsOf({ frequency: 'weekly on Tuesday and Thursday' })).toStrictEqual([
      errorOn('frequency', 'frequency names Tuesday and Thursday: list each weekday as a meeting of its own'),
    ]);
  });

  it.each(['every Tuesday', 'Every Tuesday', 'Tuesdays', 'each week', 'once a week', 'Each Tuesday'])(
    '%j is every Tuesday',
    (frequency) => {
      expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
    },
  );

  it.each([
    ['alternating Tuesdays', 2],
    ['every 2nd week', 2],
    ['every third week', 3],
    ['every 4th week', 4],
    ['biweekly (odd weeks)', 2],
    ['weekly in odd weeks', 2],
  ])('%j is every %i weeks, once a start date says which', (frequency, interval) => {
    expect(reasonOf({ frequency })).toMatch(new RegExp(`^every ${interval} weeks but no start date`));
    expect(ruleOf({ frequency, start: '2026-12-01' }).rrule).toBe(
      `FREQ=WEEKLY;INTERVAL=${interval};BYDAY=TU`,
    );
  });

  it('"Wednesday before the last Tuesday" is no rule sigcal reads, not a clash of weekdays', () => {
    expect(reasonOf({ day: 'Wednesday', frequency: 'monthly - Wednesday before the last Tuesday' })).toMatch(
      /before the/,
    );
  });
});

describe('time ranges with am or pm written once', () => {
  it.each([
    ['1-2pm', 13, 0, 60],
    ['6-7pm', 18, 0, 60],
    ['1:00 - 2:00pm', 13, 0, 60],
    ['8:00-9:00 PM', 20, 0, 60],
    ['1pm-2', 13, 0, 60],
    ['11am-1', 11, 0, 120],
    ['11-1pm', 11, 0, 120],
    ['9-5pm', 9, 0, 480],
    ['9:30-10:30am', 9, 30, 60],
    ['12-1pm', 12, 0, 60],
    ['13:00-2pm', 13, 0, 60],
    ['10pm-1am', 22, 0, 180],
    ['10:00 until 11:00', 10, 0, 60],
    ['10:00 (1 hour)', 10, 0, 60],
    ['10:00 (1.5 hours)', 10, 0, 90],
    ['10:00 for 30 minutes', 10, 0, 30],
  ])('%j starts at %i:%i and lasts %i minutes', (time, hour, minute, durationMinutes) => {
    expect(parseTime(time)).toStrictEqual({ ok: true, value: { hour, minute, durationMinutes } });
  });
});

describe('time that names the zone too', () => {
  it.each([
    ['17:00 UTC', 'UTC', 17, 0],
    ['10:00 AM PT', 'PT (Pacific Time)', 10, 0],
    ['10:00am-11:00am PT', 'America/Los_Angeles', 10, 0],
    ['10:00 - 10:30 Pacific Time', 'PST', 10, 0],
    ['9:30 CET', 'Europe/Berlin', 9, 30],
  ])('%j with tz %j is %i:%i', (time, tz, hour, minute) => {
    const schedule = scheduleOf({ time, tz });
    expect({ hour: schedule.time.hour, minute: schedule.time.minute }).toStrictEqual({ hour, minute });
  });

  it('a zone in time that is not the one tz gives is an error on time', () => {
    expect(errorsOf({ time: '10:00 UTC', tz: 'Europe/Berlin' })).toStrictEqual([
      errorOn('time', 'time names "UTC" (UTC) but tz is Europe/Berlin'),
    ]);
  });

  it.each([
    // Right in winter or in summer: the other half of the year, daylight saving time moves one clock.
    ['10:00 PT (18:00 UTC)', 'America/Los_Angeles', 10, 0],
    ['10:00 PT (17:00 UTC)', 'America/Los_Angeles', 10, 0],
    ['10:00 PT / 18:00 UTC', 'America/Los_Angeles', 10, 0],
    ['10:00 (18:00 UTC)', 'America/Los_Angeles', 10, 0],
    ['9:00 AM PT (12:00 PM ET)', 'America/Los_Angeles', 9, 0],
    ['17:00 PT (01:00 UTC)', 'America/Los_Angeles', 17, 0],
    ['17:00 UTC (09:00 PT, 18:00 CET)', 'UTC', 17, 0],
    ['10:00 UTC (15:30 IST)', 'UTC', 10, 0],
    ['16:00 UTC (18:00 CEST)', 'UTC', 16, 0],
    ['10:00-11:00 PT (18:00-19:00 UTC)', 'America/Los_Angeles', 10, 0],
    // Brackets that hold no time in another zone are read as before.
    ['10:00 UTC (2 hours)', 'UTC', 10, 0],
    ['10:00 PT (Pacific Time)', 'America/Los_Angeles', 10, 0],
  ])('%j with tz %j is %i:%i: the second time is the same time', (time, tz, hour, minute) => {
    const schedule = scheduleOf({ time, tz });
    expect({ hour: schedule.time.hour, minute: schedule.time.minute }).toStrictEqual({ hour, minute });
  });

  it.each([
    [
      '10:00 PT (19:00 UTC)',
      'America/Los_Angeles',
      'time gives 10:00 in America/Los_Angeles and "19:00 UTC", which do not agree: 10:00 in America/Los_Angeles is 17:00 or 18:00 in UTC, as daylight saving time changes; correct one of them, or leave the second out',
    ],
    [
      '10:00 PT (14:00 ET)',
      'America/Los_Angeles',
      'time gives 10:00 in America/Los_Angeles and "14:00 ET", which do not agree: 10:00 in America/Los_Angeles is 13:00 in America/New_York; correct one of them, or leave the second out',
    ],
    [
      '10:00 UTC (16:30 IST)',
      'UTC',
      'time gives 10:00 in UTC and "16:30 IST", which do not agree: 10:00 in UTC is 15:30 in Asia/Kolkata; correct one of them, or leave the second out',
    ],
    [
      '17:00 UTC / 8:00 PT',
      'UTC',
      'time gives 17:00 in UTC and "8:00 PT", which do not agree: 17:00 in UTC is 09:00 or 10:00 in America/Los_Angeles, as daylight saving time changes; correct one of them, or leave the second out',
    ],
    [
      '10:00-11:00 PT (18:00-18:30 UTC)',
      'America/Los_Angeles',
      'time gives a meeting of 60 minutes and "18:00-18:30 UTC", one of 30; correct one of them, or leave the second out',
    ],
  ])('%j with tz %j is an error on time naming both times', (time, tz, message) => {
    expect(errorsOf({ time, tz })).toStrictEqual([errorOn('time', message)]);
  });

  it('the second time is checked on the dates of a bounded series: in winter only, 17:00 UTC is wrong', () => {
    const fields = { time: '10:00 PT (17:00 UTC)', tz: 'America/Los_Angeles', start: '2027-01-05' };
    expect(errorsOf({ ...fields, until: '2027-02-23' })[0]?.message).toMatch(
      /^time gives 10:00 in America\/Los_Angeles and "17:00 UTC", which do not agree: 10:00 in America\/Los_Angeles is 18:00 in UTC;/,
    );
    expect(scheduleOf({ ...fields, until: '2027-06-29' }).time).toStrictEqual({ hour: 10, minute: 0 });
  });
});

describe('day and frequency must not disagree', () => {
  it.each([
    ['2nd Tuesday', 'weekly', 'day names the 2nd Tuesday of the month, but frequency says every week'],
    ['Last Tuesday', 'weekly', 'day names the last Tuesday of the month, but frequency says every week'],
    ['3rd Tuesday', 'biweekly', 'day names the 3rd Tuesday of the month, but frequency says every 2 weeks'],
    ['Tuesday (biweekly)', 'weekly', 'day says every 2 weeks, but frequency says every week'],
    ['Every other Tuesday', 'weekly', 'day says every 2 weeks, but frequency says every week'],
    ['Alternate Tuesdays', 'monthly', 'day says every 2 weeks, but frequency says otherwise'],
  ])('day %j with frequency %j is an error on frequency', (day, frequency, message) => {
    expect(errorsOf({ day, frequency })).toStrictEqual([errorOn('frequency', message)]);
  });

  it('agreeing words are read as one rule', () => {
    expect(ruleOf({ day: '1st and 3rd Tuesday', frequency: 'biweekly' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=1TU,3TU',
    );
    expect(ruleOf({ day: '2nd Tuesday', frequency: 'monthly' }).rrule).toBe('FREQ=MONTHLY;BYDAY=2TU');
    expect(ruleOf({ day: 'Every Tuesday', frequency: 'weekly' }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(ruleOf({ day: 'Tuesdays', frequency: 'weekly' }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
    expect(ruleOf({ day: 'Tuesday (biweekly)', frequency: 'biweekly', start: '2026-12-01' }).rrule).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU',
    );
  });
});

it.each([
  ['12 noon', 12],
  ['10:00a.m.', 10],
  ['10:00p.m.', 22],
])('time %j is at %i:00', (time, hour) => {
  expect(parseTime(time)).toStrictEqual({ ok: true, value: { hour, minute: 0 } });
});

/* What a second audit of the phrasing changes found they broke, or still misread (375 phrasings). */
describe('frequency: notes, pauses and ranges (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly, cancelled until 2027-01-12',
    'weekly, on break until 2027-01-12',
    'weekly, no meetings until 2027-01-12',
    'weekly, not until 2027-01-12',
    'weekly, paused until 2027-01-12',
    'weekly; suspended until 2027-01-12',
    'biweekly, kick-off meeting 2027-01-12',
    'biweekly, but 2027-01-12 is the first',
  ])('%j starts (again) on 2027-01-12', (frequency) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({
      start: '2027-01-12',
      until: null,
    });
  });

  it.each([
    ['weekly (agenda due Monday)', 'Tuesday'],
    ['Weekly. Please add topics to the agenda by Wednesday EOD.', 'Tuesday'],
    ['weekly, recordings posted Friday', 'Tuesday'],
    ['weekly - notes at https://hackmd.io/@k8s/sig-apps-mon', 'Tuesday'],
    ['weekly (see https://example.com/meetings/wed-sync)', 'Tuesday'],
    ['Weekly (sat in by maintainers)', 'Tuesday'],
    ['weekly (Tuesday evening in the Americas)', 'Wednesday'],
    ['weekly, except US holidays', 'Tuesday'],
    ['weekly except on holidays', 'Tuesday'],
    ['weekly, excepting major holidays', 'Tuesday'],
    ['weekly (host: Summer Lee)', 'Tuesday'],
    ['weekly, GSoC Summer of Code mentors welcome', 'Tuesday'],
    ['weekly office hours during the second half', 'Tuesday'],
    ['weekly; we plan the release cycle here', 'Tuesday'],
    ['weekly, roadmap reviewed each quarter', 'Tuesday'],
    ['weekly, starts a quarter past the hour', 'Tuesday'],
    ['weekly, agenda closes the Monday before the meeting', 'Tuesday'],
    ['weekly (see https://example.org/paused-items)', 'Tuesday'],
  ])('%j is weekly on %s: the words belong to a note', (frequency, day) => {
    expect(scheduleOf({ frequency, day }).recurrence).toStrictEqual({
      kind: 'weekly',
      interval: 1,
      weekday: day === 'Tuesday' ? TU : WE,
    });
  });

  it.each([
    ['weekly 2027-01-05 to 2027-03-02'],
    ['weekly 2027-01-05 - 2027-03-02'],
    ['weekly between 2027-01-05 and 2027-03-02'],
    ['weekly, first meeting 2027-01-05, last meeting 2027-03-02'],
  ])('%j runs from the first date to the second', (frequency) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({
      start: '2027-01-05',
      until: '2027-03-02',
    });
  });

  it('a holiday break is a skipped date', () => {
    expect(scheduleOf({ frequency: 'weekly, holiday break 2026-12-29' }).skip).toStrictEqual(['2026-12-29']);
  });

  it.each([
    ['monthly - 3rd Tuesday (skip December)', /skip december/],
    ['monthly, 2nd Tuesday (no meeting in August)', /no meeting in august/],
    ['weekly until 03/02/2027', /03\/02\/2027/],
    ['weekly until 2027/03/02', /2027\/03\/02/],
    ['weekly, no meeting 12/29/2026', /12\/29\/2026/],
    ['weekly (moved to Wednesday on 2026-12-09)', /^frequency says 2026-12-09 moved/],
  ])('%j is unscheduled, naming what it cannot carry', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it('"alternating time" alternates the time, not the weeks: one time on the calendar would be wrong', () => {
    expect(reasonOf({ frequency: 'bi-weekly, alternating time' })).toMatch(/\("alternating time"\)/);
    expect(reasonOf({ frequency: 'weekly, alternating between EMEA and US friendly times' })).toMatch(
      /\("alternating between/,
    );
  });
});

describe('time: lengths, nights and zones', () => {
  it('a zone between the time and its length is read', () => {
    const schedule = scheduleOf({ time: '10:00 UTC (2 hours)', tz: 'UTC' });
    expect([schedule.time.hour, schedule.time.minute, schedule.durationMinutes]).toStrictEqual([10, 0, 120]);
  });

  it('a night of up to 12 hours is a range', () => {
    expect(parseTime('22:00-07:00')).toStrictEqual({
      ok: true,
      value: { hour: 22, minute: 0, durationMinutes: 540 },
    });
  });

  it.each([
    ['10:00 CET', 'Europe/Paris'],
    ['10:00 EST', 'America/Toronto'],
  ])('%j with tz %s: another name for the same civil time', (time, tz) => {
    expect(scheduleOf({ time, tz }).time).toStrictEqual({ hour: 10, minute: 0 });
  });

  it('GMT beside Europe/London is another clock in summer: an error', () => {
    expect(errorsOf({ time: '17:00 GMT', tz: 'Europe/London' })).toStrictEqual([
      errorOn('time', 'time names "GMT" (UTC) but tz is Europe/London'),
    ]);
  });
});

/* A third audit (460 phrasings, this release against the one before): what the second round broke. */
describe('frequency: moved dates, notes and pauses (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly (2026-12-29 moved to 2026-12-30)',
    'weekly; 2026-12-29 meeting moved to 2026-12-30',
    'weekly (moved: 2026-12-29 to 2026-12-30)',
    'weekly (2026-12-29 → 2026-12-30)',
  ])('%j moves a meeting: unscheduled, never a series that ends on the new date', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(/^frequency says 2026-12-\d\d moved/);
  });

  it.each([
    'weekly (first Tuesday of the month is the demo day)',
    'Weekly, 2nd Tuesday of the month is demo day',
    'weekly, demo day is the 2nd Tuesday',
    'weekly; demo day is the 2nd Tuesday',
    'weekly (1st Tuesday: demo)',
    'weekly (last updated 12/01/2026)',
    'weekly (hiatus-free since 2020)',
    'weekly (previously biweekly)',
    'weekly (was biweekly until 2026-06)',
  ])('%j is every Tuesday: the rest is a note', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it('"formerly weekly, now monthly" is monthly: what the rule was is not what it is', () => {
    expect(reasonOf({ frequency: 'formerly weekly, now monthly' })).toMatch(/^monthly but/);
  });

  it.each([
    ['weekly (nothing on 2026-12-29)', { start: null, until: null, skip: ['2026-12-29'] }],
    ['weekly (no meetings from 2026-12-22)', { start: null, until: '2026-12-21', skip: [] }],
    ['weekly (on break from 2026-12-22)', { start: null, until: '2026-12-21', skip: [] }],
    ['weekly to 2027-03-02', { start: null, until: '2027-03-02', skip: [] }],
    ['weekly (extends to 2027-03-02 if needed)', { start: null, until: '2027-03-02', skip: [] }],
    ['weekly (untill 2027-03-02)', { start: null, until: '2027-03-02', skip: [] }],
    [
      'weekly starting 2026-12-01 (no meeting 2026-12-29)',
      { start: '2026-12-01', until: null, skip: ['2026-12-29'] },
    ],
    [
      'weekly, skipping 2026-12-29, until 2027-03-02',
      { start: null, until: '2027-03-02', skip: ['2026-12-29'] },
    ],
  ])('%j reads each date by its words', (frequency, dates) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until, skip: schedule.skip }).toStrictEqual(dates);
  });

  it.each([
    ['weekly (trends report 2027-01-05)', /2027-01-05 without saying what it is/],
    ['weekly (depends on 2027-01-05 vote)', /2027-01-05 without saying what it is/],
    ['weekly starting January 2027', /starting january/],
    ['weekly until March', /until march/],
    ['weekly, until end of 2026', /until end of 2026/],
    ['weekly (cancelled)', /cancelled/],
    ['weekly (no meetings)', /no meetings/],
    ['weekly (cancelled until further notice)', /until further notice|cancelled/],
  ])('%j is unscheduled: %s', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it.each(['weekly (Tue & Thu)', 'weekly (Tue/Thu)', 'weekly (Tuesdays and Thursdays)'])(
    '%j names two weekdays: an error',
    (frequency) => {
      expect(errorsOf({ frequency })).toStrictEqual([
        errorOn(
          'frequency',
          'frequency names Tuesday and Thursday: list each weekday as a meeting of its own',
        ),
      ]);
    },
  );

  it.each([
    [
      'third Wednesday',
      'last Wednesday of the month',
      'day names the 3rd Wednesday of the month, but frequency says the last Wednesday',
    ],
    [
      'third Wednesday',
      'first Wednesday of the month',
      'day names the 3rd Wednesday of the month, but frequency says the 1st Wednesday',
    ],
  ])('day %j with frequency %j is an error', (day, frequency, message) => {
    expect(errorsOf({ day, frequency })).toStrictEqual([errorOn('frequency', message)]);
  });
});

describe('a length in frequency, a date in day, a city of a subdivision', () => {
  it.each([
    ['weekly (30 minutes)', 30],
    ['Weekly on Tuesday (30 mins)', 30],
    ['biweekly, 1.5 hours', 90],
    ['weekly, starts 10 minutes past the hour', 60],
  ])('%j lasts %i minutes', (frequency, minutes) => {
    const result = normalise({ frequency, start: '2026-12-01' });
    if (!result.ok) throw new Error(result.leftOut.reason);
    const schedule = result.meeting.status === 'scheduled' ? result.meeting.schedule : null;
    expect(
      schedule?.durationMinutes ?? (result.meeting as { durationMinutes?: number }).durationMinutes,
    ).toBe(minutes);
  });

  it('a skipped date in day is not taken for the start', () => {
    expect(errorsOf({ day: 'Tuesday (no meeting 2026-12-29)' })).toStrictEqual([
      errorOn(
        'day',
        'day gives 2026-12-29, which is not the start; write it under `skip`, `until` or `moved`',
      ),
    ]);
    expect(scheduleOf({ day: 'Tuesday (starting 2027-01-12)', frequency: 'biweekly' }).start).toBe(
      '2027-01-12',
    );
  });

  it('a city of a country subdivision zone is not read alone: "San Juan" is not Argentina\'s', () => {
    expect(resolveZone('San Juan').ok).toBe(false);
    // Buenos Aires has a zone of its own name too (America/Buenos_Aires, now the Argentina one's).
    expect(resolveZone('Buenos Aires')).toStrictEqual({
      ok: true,
      value: expect.stringMatching(/Buenos_Aires$/),
    });
  });
});

/* A fourth audit (429 phrasings against the round before): breaks, start words, notes and lengths. */
describe('frequency: breaks and what a fourth audit found (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly, no meetings 2026-12-22 through 2027-01-05',
    'weekly (winter break: 2026-12-22 to 2027-01-05)',
    'weekly (holiday break 2026-12-22 - 2027-01-05)',
    'weekly (off for holidays from 2026-12-22 to 2027-01-05)',
    'weekly (no meeting 2026-12-29 due to holidays; resumes 2027-01-05)',
    'weekly (no meetings from 2026-12-22; back 2027-01-12)',
    'weekly, not 2026-12-22 to 2027-01-05',
  ])('%j is a break: unscheduled, asking for its dates under skip', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(/^frequency gives a break \(/);
  });

  it.each([
    'biweekly 2027-01-12 onwards',
    'biweekly, starting with 2027-01-12',
    'biweekly, 2027-01-12 and every two weeks after',
    'biweekly (first one: 2027-01-12)',
    'biweekly, next meeting 2027-01-12',
  ])('%j starts on 2027-01-12', (frequency) => {
    expect(scheduleOf({ frequency }).start).toBe('2027-01-12');
  });

  it.each([
    'weekly (meetings may be cancelled)',
    'weekly (alternating between demos and discussion)',
    'weekly until further notice',
  ])('%j is every Tuesday', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    ['weekly until the end of the year', /until the end of/],
    ['weekly until KubeCon', /until kubecon/],
    ['weekly [no meetings scheduled]', /no meetings scheduled/],
    ['weekly (only 1st and 3rd Tuesday)', /different rules/],
  ])('%j is unscheduled: %s', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it.each([
    'weekly (first 15 minutes: triage)',
    'weekly, 5 minute lightning talks',
    'weekly (10 min buffer after)',
    'weekly (maintainers only for the first 20 minutes)',
  ])('%j keeps the default length: the minutes are a note', (frequency) => {
    expect(scheduleOf({ frequency }).durationMinutes).toBe(60);
  });
});

/* A fifth audit (218 phrasings against the round before): notes with "until", ranges with notes. */
describe('frequency: what a fifth audit found (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly, agenda open until Monday',
    'weekly (office hours until 11:30)',
    'weekly; stay until the end for Q&A',
  ])('%j is every Tuesday: "until" belongs to a note', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    'weekly, alternating between 08:00 and 16:00 UTC',
    'weekly (alternating between PT and CET)',
    'weekly, alternating between Tuesdays and Thursdays',
  ])('%j alternates: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(/alternating between/);
  });

  it.each([
    [
      'weekly 2027-01-05 - 2027-03-02, back-to-back with SIG Apps',
      { start: '2027-01-05', until: '2027-03-02', skip: [] },
    ],
    [
      'weekly 2027-01-05 - 2027-03-02 (break-out rooms)',
      { start: '2027-01-05', until: '2027-03-02', skip: [] },
    ],
    [
      'weekly from 2026-12-01 to 2027-03-02, no meeting 2026-12-29',
      { start: '2026-12-01', until: '2027-03-02', skip: ['2026-12-29'] },
    ],
    [
      'weekly (no meeting 2026-12-29) until 2027-03-02',
      { start: null, until: '2027-03-02', skip: ['2026-12-29'] },
    ],
    [
      'weekly starting 2026-12-01 (no meetings from 2027-03-02)',
      { start: '2026-12-01', until: '2027-03-01', skip: [] },
    ],
    ['weekly (skip next 2026-12-29)', { start: null, until: null, skip: ['2026-12-29'] }],
  ])('%j reads each date by its words', (frequency, dates) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until, skip: schedule.skip }).toStrictEqual(dates);
  });

  it('a skipped date and the next meeting after it are a break', () => {
    expect(reasonOf({ frequency: 'weekly, no meeting 2026-12-29, next meeting 2027-01-05' })).toMatch(
      /^frequency gives a break/,
    );
  });

  it.each([
    ['weekly for 30 minutes', 30],
    ['weekly - 30 minutes', 30],
    ['weekly 30 min', 30],
    ['weekly (30 min sync)', 30],
    ['biweekly (45 minutes, Zoom)', 45],
  ])('%j lasts %i minutes', (frequency, minutes) => {
    const result = normalise({ frequency, start: '2026-12-01' });
    if (!result.ok) throw new Error(result.leftOut.reason);
    expect(result.meeting.durationMinutes).toBe(minutes);
  });
});

/* A sixth check (159 phrasings against the round before). */
describe('frequency: what a sixth check found (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    ['biweekly, alternating between Zoom and Meet', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['weekly, alternating between sig-node and sig-apps', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly, alternating hosts', 'FREQ=WEEKLY;BYDAY=TU'],
  ])('%j alternates something else: %s', (frequency, rrule) => {
    expect(ruleOf({ frequency, start: '2026-12-08' }).rrule).toBe(rrule);
  });

  it.each(['biweekly (next: 2026-12-08)', 'biweekly, next 2026-12-08'])(
    '%j starts on 2026-12-08',
    (frequency) => {
      expect(scheduleOf({ frequency }).start).toBe('2026-12-08');
    },
  );

  it.each([
    ['weekly (45-minute slot)', 45],
    ['weekly 45-minute slots', 45],
  ])('%j lasts %i minutes', (frequency, minutes) => {
    expect(scheduleOf({ frequency }).durationMinutes).toBe(minutes);
  });

  it.each(['weekly (workshop 2026-12-08 to 2026-12-10)', 'biweekly (break-out 2026-12-08 to 2026-12-15)'])(
    '%j: dates no word explains are not a range of the series',
    (frequency) => {
      expect(reasonOf({ frequency })).toMatch(/^frequency gives (?:several dates|2026-12-08 without)/);
    },
  );
});

/*
 * A seventh audit (373 phrasings, this release against the round before): what the last round broke,
 * and what both still published on dates the text does not give.
 */
describe('frequency: what a seventh audit found (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly (on break)',
    'weekly (currently on pause)',
    'weekly (no longer meeting)',
    'weekly (meetings cancelled for now)',
    'weekly (cancelled until January)',
    'weekly, on break until January',
    'weekly (off until 2027)',
    'weekly (not meeting until further notice)',
    'weekly, currently not meeting',
    'Weekly (Cancelled - see mailing list)',
    'weekly (CANCELLED: merged into the SIG meeting)',
    'weekly (merged into SIG Node meeting)',
    'weekly (deprecated)',
    'weekly (schedule TBD)',
  ])('%j is stopped, paused or gone: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toBeTruthy();
  });

  it('"moved to Wednesdays" names where the meeting is now: against day Tuesday, an error', () => {
    expect(errorsOf({ frequency: 'Weekly (moved to Wednesdays)' })[0]?.message).toMatch(/Wednesday/);
    expect(ruleOf({ frequency: 'weekly (moved to Tuesdays in 2024)' }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    'Weekly (from January 2027)',
    'weekly from mid-January',
    'weekly beginning in January',
    'weekly starting after KubeCon',
    'weekly, resuming in the new year',
    'Weekly, starting again after the holidays',
    'weekly (starting 2027-01)',
    'weekly starting 12.01.2027',
    'weekly, starting the week after KubeCon',
    'weekly, starting the month after the release',
  ])('%j starts later, on no date it gives: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toBeTruthy();
  });

  it.each([
    ['Weekly, starting the week of January 11th', 'starting the week of January 11th'],
    ['weekly, from the week of 2027-01-11', 'from the week of 2027-01-11'],
    ['Biweekly starting the week of Jan 11', 'starting the week of Jan 11'],
    ['weekly (kickoff the week of January 11th)', 'kickoff the week of January 11th'],
    ['weekly beginning the week of 11 January 2027', 'beginning the week of 11 January 2027'],
    ['weekly, resuming the week of January 11th', 'resuming the week of January 11th'],
  ])('%j starts in a week, on no date: unscheduled, not a date without a year', (frequency, said) => {
    expect(reasonOf({ frequency })).toMatch(
      `"${frequency}" starts in a week ("${said}"), not on a date; write the date of the first meeting under \`start\` (YYYY-MM-DD), and the rule alone here`,
    );
  });

  it.each([
    'weekly until 2027-03',
    'weekly (ends 2027-03)',
    'weekly until 2027',
    'weekly until 31.03.2027',
    'every Tuesday until the end of the 1.36 cycle',
    'first Tuesday of the month until June 2027',
    'Weekly (1.36 release cycle only)',
    'weekly (Q1 2027 only)',
    'weekly leading up to the release',
    'Every week during KubeCon',
  ])('%j ends on no date it gives: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toBeTruthy();
  });

  it.each([
    'weekly (December off)',
    'weekly (no meetings the last two weeks of December)',
    'weekly (except winter)',
    'weekly in January and February',
    'first Tuesday of the month (except summer)',
    'first Tuesday in January, April, July and October',
  ])('%j holds in some months only: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toBeTruthy();
  });

  it.each([
    'weekly (no meeting 12/29)',
    'weekly (no meeting 29.12.2026)',
    'weekly (no meeting the week of 2026-12-28)',
    'weekly (no meeting on the first Tuesday of the month)',
    'weekly (every Tuesday except when it falls on the 1st Tuesday)',
    'weekly, skipping the 1st Tuesday (community meeting)',
  ])('%j skips dates it does not give as sigcal reads them: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).not.toMatch(/are different rules/);
  });

  it.each([
    ['First Tuesday & Third Tuesday', 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['1st Tuesday and 3rd Tuesday of the month', 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['first Tuesday after the first Monday', 'FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8'],
    ['Tuesday after the second Monday', 'FREQ=MONTHLY;BYDAY=TU;BYMONTHDAY=9,10,11,12,13,14,15'],
  ])('%j is %s', (frequency, rrule) => {
    expect(ruleOf({ frequency }).rrule).toBe(rrule);
  });

  it('2nd Monday, 4th Monday is both Mondays', () => {
    expect(ruleOf({ day: 'Monday', frequency: '2nd Monday, 4th Monday' }).rrule).toBe(
      'FREQ=MONTHLY;BYDAY=2MO,4MO',
    );
  });

  it.each([
    'Monthly: 1st Tuesday (EMEA), 3rd Tuesday (APAC)',
    '4th Tuesday of each month (3rd Tuesday in May)',
    'first Tuesday of the month (second Tuesday in January)',
    'first Tuesday and third Thursday',
    'second Tuesday after the first Monday',
  ])('%j gives weeks of the month that disagree: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toBeTruthy();
  });

  it('the last meeting before a break is a break; the first after it, the start', () => {
    expect(reasonOf({ frequency: 'weekly (last meeting before the break: 2026-12-15)' })).toMatch(
      /^frequency gives a break/,
    );
    expect(scheduleOf({ frequency: 'weekly (first meeting after the break: 2027-01-05)' }).start).toBe(
      '2027-01-05',
    );
  });

  it.each([
    'weekly (not meeting next 2026-12-08)',
    'weekly (skipped next: 2026-12-08)',
    'weekly (no call next 2026-12-08)',
    'weekly (no meetings next 2026-12-08)',
  ])('%j skips 2026-12-08: "next" after a skip word is the one skipped', (frequency) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, skip: schedule.skip }).toStrictEqual({
      start: null,
      skip: ['2026-12-08'],
    });
  });

  it.each([
    'weekly, alternating between early and late slots',
    'weekly, alternating between AM and PM',
    'weekly, alternating between West Coast and East Coast',
    'biweekly starting 2026-12-08, alternating between AMER and APJ',
  ])('%j alternates its time: unscheduled', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(/alternating between/);
  });

  it.each(['weekly (5-minute slots per project)', 'weekly (10-minute slots for lightning talks)'])(
    '%j keeps the default length: the minutes are a slot within the meeting',
    (frequency) => {
      expect(scheduleOf({ frequency }).durationMinutes).toBe(60);
    },
  );

  it.each([
    ['weekly 2027-01-05 until 2027-03-02', '2027-01-05', '2027-03-02'],
    ['weekly (2027-01-05 until 2027-03-02)', '2027-01-05', '2027-03-02'],
    ['weekly 2027-01-05 till 2027-03-02', '2027-01-05', '2027-03-02'],
    ['biweekly 2027-01-12 thru 2027-06-29', '2027-01-12', '2027-06-29'],
  ])('%j runs from %s until %s', (frequency, start, until) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({ start, until });
  });

  it('a previous meeting says which weeks', () => {
    expect(ruleOf({ frequency: 'biweekly (previous meeting 2026-11-24)' }).start).toBe('2026-11-24');
  });

  it.each([
    'weekly, except during KubeCon weeks',
    'weekly (not meeting on holidays)',
    'weekly (on break from 2026-12-22)',
  ])('%j still publishes the rule', (frequency) => {
    expect(scheduleOf({ frequency }).recurrence).toStrictEqual(weekly(TU));
  });
});

describe('time and tz: what a seventh audit found', () => {
  it.each([
    ['12-1', 12, 60],
    ['11-1', 11, 120],
    ['11:30-1:30', 11, 120],
    ['9:00 - 10:00 (1 hour)', 9, 60],
  ])('%j starts at %i and lasts %i minutes', (time, hour, minutes) => {
    const schedule = scheduleOf({ time });
    expect({ hour: schedule.time.hour, minutes: schedule.durationMinutes }).toStrictEqual({ hour, minutes });
  });

  it.each([
    ['10:00-09:00', /ends before it starts/],
    ['9:00 - 10:00 (2 hours)', /range of 60 minutes and a length of 120/],
  ])('%j is an error', (time, message) => {
    expect(errorsOf({ time })[0]?.message).toMatch(message);
  });

  it('an IANA name written with spaces for underscores is read', () => {
    expect(scheduleOf({ tz: 'America/Sao Paulo' }).zone).toBe('America/Sao_Paulo');
  });
});

/*
 * A check of the seventh round (328 phrasings, mostly plain rules whose notes hold its new words): a
 * word counts where the rule's own clause says it, not in a note about something else.
 */
describe('frequency: notes that hold the words of a stop, a start or a month (day: Tuesday)', () => {
  it.each([
    'weekly; reviews what got merged into kubernetes/kubernetes this week',
    'weekly (the CI subproject call merged into this one in 2025)',
    'weekly; covers deprecated API removals',
    'weekly (old agenda doc is deprecated, see the new link)',
    'weekly; the Friday call is no longer held',
    'weekly (the retro moved to a new day; see the Retro meeting)',
    'weekly (demo dates TBD in the agenda doc)',
    'weekly (KubeCon EU 2027 dates TBA)',
    'weekly, in January we also demo',
    'weekly (chair elections in January)',
    'weekly (since the move to Zoom in April 2020)',
    'weekly (recordings from January 2023 onward on YouTube)',
    'weekly (notes from mid-January onward in the new doc)',
    'weekly (recordings from 2019 on YouTube)',
    'weekly (chairs serve until 2027)',
    'weekly (notes: sig-x/minutes/2027-01.md)',
    'weekly (2026-27 roadmap in the agenda doc)',
    'weekly (recording starting after introductions)',
    'weekly (Q&A again after the demos)',
    'weekly (new Zoom link starting next month, same time)',
    'weekly (agenda items for the current release only)',
    'weekly (triage only for release blockers)',
    'weekly (agenda covers the work leading up to each release)',
    'weekly (we also meet in person during KubeCon)',
    'weekly; hack sessions during KubeCon',
    'weekly (skipped during KubeCon)',
    'weekly (no meeting during KubeCon)',
    'weekly (pinned to UTC, so it does not spring forward)',
    'weekly (except winter holidays)',
    'weekly (virtual only, not meeting in person)',
    'weekly (not meeting over the Christmas holidays)',
    'weekly (meetings cancelled - if any - are announced on the mailing list)',
    'weekly (rarely cancelled: check #sig-x on Slack)',
    'weekly (agenda open Friday until noon Monday)',
    'weekly (not recorded on the 2nd Tuesday: closed session)',
    'weekly (we focus on 80/20 priorities)',
    'weekly (hosting alternates between the AMER and APJ chairs)',
    'weekly (alternating between newcomer-friendly and deep-dive sessions)',
    'weekly; kicked off in May 2022',
  ])('%j is every Tuesday', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    ['monthly, 2nd Tuesday (the 4th Tuesday is the subproject sync)', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['monthly, 2nd Tuesday (chair elections in January)', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['weekly (slots for 5-minute updates)', 'FREQ=WEEKLY;BYDAY=TU'],
  ])('%j is %s', (frequency, rrule) => {
    const schedule = ruleOf({ frequency });
    expect(schedule.rrule).toBe(rrule);
    expect(scheduleOf({ frequency }).durationMinutes).toBe(60);
  });

  it('"biweekly - not recorded - next meeting 2026-12-08" starts on 2026-12-08', () => {
    expect(scheduleOf({ frequency: 'biweekly - not recorded - next meeting 2026-12-08' }).start).toBe(
      '2026-12-08',
    );
  });

  it.each([
    ['weekly (cancelled: 2026-12-22, 2026-12-29)', ['2026-12-22', '2026-12-29']],
    ['weekly (not meeting 2026-12-29)', ['2026-12-29']],
  ])('%j skips %j', (frequency, skip) => {
    expect(scheduleOf({ frequency }).skip).toStrictEqual(skip);
  });

  it.each([
    'weekly (in January and February only)',
    'weekly (not on the first Tuesday: that is the monthly community meeting)',
  ])('%j is unscheduled', (frequency) => {
    expect(unscheduledOf({ frequency }).reason).toBeTruthy();
  });
});

/* A third check the same day (388 phrasings): limits said with a subject before them still count. */
describe('frequency: limits said anywhere, ranges of months, weeks it does not settle (day: Tuesday)', () => {
  it.each([
    'weekly, only during the semester',
    'weekly (hosted during the release cycle only)',
    'weekly; we meet through March',
    'weekly; the series ends in May',
    'weekly; calls resuming in January',
    'weekly, the meeting starting in February',
    'weekly, the call alternates between 08:00 and 16:00 UTC',
    'weekly (the slot alternates between APAC and EMEA)',
    'weekly (Jan-Mar 2027)',
    'weekly (Oct-Mar)',
    'weekly, September to May',
    'weekly for the next 6 weeks',
    'weekly (6-week pilot)',
    'weekly (except Aug and Dec)',
    'first or second Tuesday of the month',
    'first three Tuesdays of the month',
    'weekly (group archived)',
    'weekly, this meeting is deprecated in favour of the SIG call',
    'weekly (meetings postponed until further notice)',
    'weekly, not currently meeting',
  ])('%j is unscheduled', (frequency) => {
    expect(unscheduledOf({ frequency }).reason).toBeTruthy();
  });

  it.each([
    'weekly (topics: alpha, beta, GA, deprecated)',
    'weekly (hosting alternates between the AMER and APJ chairs)',
  ])('%j is every Tuesday', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });
});

/*
 * Known misreads and over-cautious readings: a stop or a wait said beside the rule, a time that changes
 * from week to week, a month with another day, a break before a resumption, dates listed as examples,
 * a week of the month that is a note about content.
 */
describe('frequency: stops, waits and times that change (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;

  it.each([
    'weekly (the group is winding down)',
    'weekly (the working group is winding down)',
    'biweekly - the WG is winding down after KubeCon',
    'weekly, winding down after KubeCon',
    'weekly; this meeting is winding down',
    'weekly (wound down in 2025)',
    'weekly -- winding down',
  ])('%j is stopping, on no date it gives: unscheduled, even with a start date', (frequency) => {
    expect(reasonOf({ frequency, start: '2026-12-01' })).toMatch(/winding down|wound down/);
  });

  it.each([
    'weekly (pending TOC approval)',
    'biweekly, pending approval',
    'weekly pending approval',
    'weekly (awaiting steering committee approval)',
    'biweekly starting 2027-01-12, pending approval',
  ])('%j is not taking place yet: unscheduled, even with a start date', (frequency) => {
    expect(reasonOf({ frequency, start: '2027-01-12' })).toMatch(/\("(?:pending|awaiting) [^"]*approval"\)/);
  });

  it.each([
    'weekly (pending items are tracked in the agenda doc)',
    'weekly (pending PRs reviewed first)',
    'weekly (agenda items pending approval are discussed first)',
    'weekly (topics: the KEP is pending approval)',
    'weekly (the old agenda doc is winding down)',
    'weekly (winding down the 1.35 release branch)',
    'weekly (winding down in-flight KEPs before freeze)',
    'weekly; the release is winding down',
  ])('%j is every Tuesday: the stop or the wait is a note about something else', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    'weekly, 9:00 one week and 17:00 the next',
    'weekly, one week at 9:00, the next at 17:00',
    'biweekly, alternating 08:00 and 16:00',
    'weekly, alternating 8am/4pm',
    'weekly (alternating 08:00 UTC and 16:00 UTC)',
    'weekly (9:00 in odd weeks, 17:00 in even weeks)',
    'weekly; odd weeks 9:00, even weeks 17:00',
    'weekly; time varies',
    'weekly (times vary)',
    'weekly, rotating times',
    'weekly; time rotates between APAC and EMEA',
  ])('%j changes its time from week to week: unscheduled, even with a start date', (frequency) => {
    expect(reasonOf({ frequency, start: '2026-12-01' })).toMatch(/is not a plain weekly or monthly rule \("/);
  });

  it.each([
    'weekly; time varies with DST',
    'weekly (time varies with daylight saving time)',
    'weekly (topic varies)',
    'weekly; agenda varies',
    'weekly (if we skip one week, the next is longer)',
    'weekly; time slots rotate between presenters',
  ])('%j is every Tuesday: the time does not change on the calendar', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    'monthly, last Friday (December: the 18th instead)',
    'last Friday of the month (in December the 11th)',
    'last Friday of the month (the 18th in December)',
    'last Friday of the month (December: 2nd Friday)',
    'last Friday of the month (December: Friday the 11th)',
    'last Friday of the month (December meeting is on the 11th)',
    'last Friday of the month (December: Thursday instead)',
    'last Friday of the month (December: no meeting)',
  ])('%j gives one month another day, or none: unscheduled', (frequency) => {
    expect(reasonOf({ day: 'Friday', frequency })).toMatch(
      /is not a plain weekly or monthly rule \("[^"]*december/,
    );
  });

  it.each([
    ['last Friday of the month', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['monthly - last Friday', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['monthly, last Friday (chair elections in December)', 'FREQ=MONTHLY;BYDAY=-1FR'],
    ['weekly (in December we use Meet instead of Zoom)', 'FREQ=WEEKLY;BYDAY=FR'],
  ])('%j is %s: a month without another day is a note', (frequency, rrule) => {
    expect(ruleOf({ day: 'Friday', frequency }).rrule).toBe(rrule);
  });

  it.each([
    'biweekly; next meeting 2027-01-12, then on holiday until 2027-02-09',
    'biweekly; next meeting 2027-01-12, then no calls until 2027-02-09',
    'biweekly; next meeting 2027-01-12, then off until 2027-02-09',
    'biweekly starting 2027-01-12 (paused until 2027-03-02)',
  ])('%j is a break, never a series that ends where the break does', (frequency) => {
    expect(reasonOf({ frequency })).toMatch(/^frequency gives a break \(2027-01-12, 2027-0\d-\d\d\)/);
  });

  it.each([
    'weekly, on holiday until 2027-01-12',
    'weekly, on vacation until 2027-01-12',
    'weekly (off for the holidays until 2027-01-12)',
    'weekly, not meeting until 2027-01-12',
    'weekly, no calls until 2027-01-12',
    'weekly, no meetings over the holidays until 2027-01-12',
  ])('%j resumes on 2027-01-12: the date ends the pause, not the series', (frequency) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({
      start: '2027-01-12',
      until: null,
    });
  });

  it.each([
    ['weekly (no meetings during the holidays) until 2027-03-02', null, '2027-03-02'],
    ['weekly starting 2026-12-01, except holidays, until 2027-03-02', '2026-12-01', '2027-03-02'],
  ])('%j ends on the date: the pause words belong to another clause', (frequency, start, until) => {
    const schedule = scheduleOf({ frequency });
    expect({ start: schedule.start, until: schedule.until }).toStrictEqual({ start, until });
  });

  it.each([
    ['every other Thursday (2026-12-03, 2026-12-17, …)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['every other Thursday (2026-12-03, 2026-12-17, ...)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['every other Thursday (2026-12-03, 2026-12-17 etc.)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['every other Thursday (e.g. 2026-12-03, 2026-12-17)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['biweekly, next meetings: 2026-12-03, 2026-12-17', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['every other Thursday (Dec 3, 2026, Dec 17, 2026, …)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TH'],
    ['monthly (2026-12-03, 2027-01-07, …)', 'FREQ=MONTHLY;BYDAY=1TH'],
  ])('%j lists meetings of the rule: the first is the start (%s)', (frequency, rrule) => {
    expect(ruleOf({ day: 'Thursday', frequency })).toStrictEqual({
      recurrence: expect.anything(),
      start: '2026-12-03',
      rrule,
    });
  });

  it.each([
    [
      'every other Thursday (2026-12-03, 2026-12-10, …)',
      /^frequency lists 2026-12-10, which is not a date of every other Thursday from 2026-12-03; /,
    ],
    [
      'every other Thursday (2026-12-03, 2026-12-31, …)',
      /^frequency lists 2026-12-03 and then 2026-12-31, but every other Thursday from 2026-12-03 meets on 2026-12-17 between them; /,
    ],
    [
      'every other Thursday (2026-12-02, 2026-12-16, …)',
      /^frequency lists 2026-12-02, a Wednesday, as a meeting on Thursdays; /,
    ],
    ['every other Thursday (2026-12-03, 2026-12-16, …)', /^frequency lists 2026-12-16, a Wednesday, /],
    [
      'monthly (2026-12-03, 2027-01-14, …)',
      /^frequency lists 2027-01-14, which is not a date of the first Thursday of the month/,
    ],
  ])('%j lists dates the rule does not give: unscheduled, naming the date', (frequency, reason) => {
    expect(reasonOf({ day: 'Thursday', frequency })).toMatch(reason);
  });

  it.each([
    // No word says the list goes on, or that it gives examples: it may be every meeting there is.
    ['every other Thursday (2026-12-03, 2026-12-17)', /^frequency gives several dates/],
    [
      'every other Thursday (2026-12-17, 2026-12-03, …)',
      /^frequency gives several dates .* says there are more/,
    ],
    // Not this meeting's dates, or not its meetings.
    ['biweekly, alternating with office hours (2026-12-10, 2026-12-24, …)', /^frequency gives several dates/],
    ['biweekly (office hours on 2026-12-10, 2026-12-24, …)', /^frequency gives several dates/],
    // Dates skipped, and more that are not given.
    [
      'weekly (no meeting 2026-12-24, 2026-12-31, …)',
      /^frequency gives several dates .* says there are more/,
    ],
  ])('%j is unscheduled: %s', (frequency, reason) => {
    expect(reasonOf({ day: 'Thursday', frequency })).toMatch(reason);
  });

  it.each([
    'weekly, the 2nd Tuesday is demo day',
    'weekly, demo day is on the 2nd Tuesday of the month',
    'weekly, the last Tuesday of the month hosts the community demo',
  ])('%j is every Tuesday: the week of the month is a note about what that meeting holds', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    'weekly (the last meeting of each month is a retro)',
    'weekly (the first session of every month is a demo)',
    'weekly (the doc changes each month)',
    'Weekly; the facilitator changes every month',
    'weekly (chairs rotate every month)',
    'weekly (a retro every month)',
    'weekly (in person every month)',
  ])('%j is every Tuesday: "each month" is said of what a note is about', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });

  it.each([
    // Two rules, or a month whose meeting is not held or is another one.
    ['weekly or each month', /are different rules/],
    ['weekly, and every month', /are different rules/],
    ['Weekly, meets every month in person', /are different rules/],
    ['weekly, once each month in person', /are different rules/],
    ['weekly, the meeting each month is on the 2nd Tuesday', /are different rules/],
    ['weekly (the last week of each month is off)', /are different rules/],
    ['weekly (the last meeting of each month is the community meeting instead)', /are different rules/],
    ['weekly, except one week each month', /are different rules/],
    ['weekly (the 2nd Tuesday is the community meeting instead)', /are different rules/],
    ['weekly (the 1st Tuesday is replaced by the community meeting)', /are different rules/],
  ])('%j is unscheduled: %s', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it.each([
    // The meeting itself, another meeting instead, or no meeting: not a note about content.
    ['weekly, the meeting is the 2nd Tuesday', /are different rules/],
    ['weekly, 2nd Tuesday is the community meeting instead', /are different rules/],
    ['weekly, except the 2nd Tuesday is demo day', /except the 2nd/],
    ['weekly, 2nd Tuesday of the month', /are different rules/],
    ['weekly, 1st and 3rd Tuesday are demo days', /are different rules/],
    ['1st Tuesday is EMEA, 3rd Tuesday is APAC', /are different rules/],
  ])('%j is unscheduled: %s', (frequency, reason) => {
    expect(reasonOf({ frequency })).toMatch(reason);
  });

  it.each([
    ['monthly, 2nd Tuesday is demo day', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['monthly, 2nd Tuesday, the 4th Tuesday is the subproject sync', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['1st Tuesday and 3rd Tuesday of the month', 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
    ['1st and 3rd Tuesdays are meeting days', 'FREQ=MONTHLY;BYDAY=1TU,3TU'],
  ])('%j is %s', (frequency, rrule) => {
    expect(ruleOf({ frequency }).rrule).toBe(rrule);
  });

  it('a start that disagrees with the dates listed leaves the meeting unscheduled', () => {
    expect(
      reasonOf({
        day: 'Thursday',
        frequency: 'every other Thursday (2026-12-03, 2026-12-17, …)',
        start: '2026-12-10',
      }),
    ).toMatch(/^frequency lists 2026-12-03, which is not a date of every other Thursday from 2026-12-10/);
  });
});

/*
 * An eighth audit (355 phrasings of frequency, time and day in the style of Kubernetes, CNCF projects,
 * OpenStack, Apache, language working groups and LF TSCs): a rule that gives way to another, weeks
 * on and off, meetings held only when there is an agenda, and notes that hold those words.
 */
describe('frequency: what an eighth audit found (day: Tuesday)', () => {
  const reasonOf = (fields: Partial<Record<MeetingTextField, string>>) => unscheduledOf(fields).reason;
  const EXTRA_FIX =
    '; list its dates with `extra: [YYYY-MM-DD, …]`, or use a regular frequency with `start` and `until`';

  it.each([
    ['biweekly; next meeting 2027-01-12, then weekly until 2027-02-09', 'then weekly'],
    ['weekly; starting 2027-02-02 we move to biweekly', 'move to biweekly'],
    ['weekly until 2027-02-09; biweekly afterwards', 'biweekly afterwards'],
    ['biweekly until 2027-03-02. Then monthly, 1st Tuesday', 'then monthly, 1st tuesday'],
    ['monthly, 1st Tuesday; after that every other week', 'after that every other week'],
    ['weekly until 2027-02-09; then we meet biweekly', 'then we meet biweekly'],
    ['biweekly; from 2027-03-02 it goes back to weekly', 'goes back to weekly'],
    // Said in the same clause as the first rule, to no regular rule, or on other weekdays.
    ['weekly, then monthly', 'then monthly'],
    ['weekly, then biweekly on Thursdays', 'then biweekly on thursdays'],
    ['weekly for now, then biweekly once the release ships', 'then biweekly once the release ships'],
    ['weekly, changing to monthly in March', 'changing to monthly in march'],
    ['weekly, then ad hoc', 'then ad hoc'],
    ['weekly through the release, then as needed', 'then as needed'],
    ['weekly on Tuesdays, then Thursdays', 'then thursdays'],
    ['weekly on Tuesdays, then on Thursdays', 'then on thursdays'],
    ['every Tuesday, then every Thursday from 2027-03-02', 'then every thursday'],
    ['weekly, then monthly meetups', 'then monthly meetups'],
  ])('%j changes its rule: unscheduled, not published as the first rule (%s)', (frequency, said) => {
    expect(reasonOf({ frequency, start: '2027-01-12' })).toBe(
      `"${frequency}" changes its rule ("${said}"); write the rule that holds now, with \`until\` for its last meeting, and the new one when it starts${EXTRA_FIX}`,
    );
  });

  it.each([
    // The same rule said again, or what follows "then" is not a rule.
    ['next meeting 2027-01-12, then every other Tuesday', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['biweekly, next meeting 2027-01-12 then every two weeks', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['kickoff 2027-01-12, then biweekly', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['first meeting 2027-01-12, then weekly', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly (agenda first, then open discussion)', 'FREQ=WEEKLY;BYDAY=TU'],
    ['Weekly. Standup, then deep dive on one KEP.', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly (we start with introductions, then go through the board)', 'FREQ=WEEKLY;BYDAY=TU'],
    ['Biweekly; then we meet in the #wg-lts Slack channel between calls', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['weekly; the agenda closes the day before, then the chairs triage it', 'FREQ=WEEKLY;BYDAY=TU'],
    ['Monthly (2nd Tuesday) - presentations, then Q&A', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['monthly, 2nd Tuesday; then monthly again in the new cycle', 'FREQ=MONTHLY;BYDAY=2TU'],
    ['biweekly (next meeting 2027-01-12, then every other Tuesday)', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    ['weekly, then every Tuesday', 'FREQ=WEEKLY;BYDAY=TU'],
    // A rule's word that qualifies a noun after "then": a note, not a rule.
    ['weekly, then monthly demo', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly, then a weekly digest is sent', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly (standup, then monthly planning)', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly, then quarterly review', 'FREQ=WEEKLY;BYDAY=TU'],
    ['weekly (triage, then ad hoc discussion)', 'FREQ=WEEKLY;BYDAY=TU'],
    ["weekly (triage, then Thursday's release notes)", 'FREQ=WEEKLY;BYDAY=TU'],
    ['Weekly - triage, then biweekly release topics', 'FREQ=WEEKLY;BYDAY=TU'],
    ['biweekly, then a monthly newsletter goes out', 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU'],
    // Something else that changes or moves.
    ['Weekly. Meeting notes move to a new doc each month', 'FREQ=WEEKLY;BYDAY=TU'],
    ['Weekly; if we run over, we move to Slack', 'FREQ=WEEKLY;BYDAY=TU'],
  ])('%j keeps its one rule (%s)', (frequency, rrule) => {
    expect(ruleOf({ frequency, start: '2027-01-12' }).rrule).toBe(rrule);
  });

  it.each(['weekly, then on a monthly basis', 'weekly, then a monthly cadence'])(
    '%j says another rule, in words that are not the rule alone: unscheduled',
    (frequency) => {
      expect(reasonOf({ frequency, start: '2027-01-12' })).toMatch(/are different rules/);
    },
  );

  it('"weekly, then Thursdays" names the weekday it goes on with: against day Tuesday, an error', () => {
    expect(errorsOf({ frequency: 'weekly, then Thursdays' })[0]?.message).toBe(
      'frequency names Thursday but day is Tuesday',
    );
  });

  it.each([
    ['Weekly, 4 weeks on, 1 week off', '4 weeks on, 1 week off'],
    ['biweekly (two weeks on and one week off)', 'two weeks on and one week off'],
    ['weekly, but only when there are agenda items', 'but only when there are'],
    ['weekly (only if needed)', 'only if needed'],
    ['Weekly - meets only when the agenda has items', 'meets only when the agenda'],
  ])('%j is not a rule every week: unscheduled (%s)', (frequency, said) => {
    expect(reasonOf({ frequency, start: '2027-01-12' })).toBe(
      `"${frequency}" is not a plain weekly or monthly rule ("${said}")${EXTRA_FIX}`,
    );
  });

  it.each([
    'weekly (recording only if the speaker agrees)',
    'weekly, demos only when ready',
    'weekly (notes are shared only if the attendees agree)',
    'weekly (the on-call week runs Monday to Sunday)',
    'weekly -- agenda in the doc',
  ])('%j is every Tuesday: the words are a note', (frequency) => {
    expect(ruleOf({ frequency }).rrule).toBe('FREQ=WEEKLY;BYDAY=TU');
  });
});
