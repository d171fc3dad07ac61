import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../functions/core/calendar-date.ts';
import { loadCommunity } from '../../functions/core/community.ts';
import {
  expandSchedule,
  type Schedule,
  wallTimeToUtc,
  ZoneOffsets,
} from '../../functions/core/occurrences.ts';
import type { Recurrence, Weekday } from '../../functions/core/recurrence.ts';
import { buildReport } from '../../functions/core/report.ts';
import { type PublishingWindow, windowAround } from '../../functions/core/window.ts';

/*
 * Concrete dates around real transitions (2027):
 *   US       DST from Sun 14 March to Sun 7 November (02:00 local)
 *   EU       summer time from Sun 28 March to Sun 31 October (01:00 UTC)
 *   Sydney   AEDT until Sun 4 April (03:00 → 02:00), again from Sun 3 October (02:00 → 03:00)
 *   Auckland NZDT until Sun 4 April (03:00 → 02:00), again from Sun 26 September (02:00 → 03:00)
 *   Kolkata  UTC+05:30 all year
 */

const MO = 1;
const TU = 2;
const WE = 3;
const SU = 7;

const weekly = (weekday: Weekday, interval = 1): Recurrence => ({ kind: 'weekly', interval, weekday });

function schedule(zone: string, time: string, recurrence: Recurrence, start: string | null = null): Schedule {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return { zone, time: { hour, minute }, durationMinutes: 60, recurrence, start, until: null, skip: [] };
}

/** [from, to) as whole UTC days. */
const days = (from: string, to: string): PublishingWindow => ({
  start: Date.parse(`${from}T00:00:00Z`),
  end: Date.parse(`${to}T00:00:00Z`),
});

/** Each occurrence as `local date → UTC instant`. */
const expand = (s: Schedule, w: PublishingWindow) =>
  expandSchedule(s, w).map((o) => `${o.localDate} → ${new Date(o.start).toISOString().slice(0, 16)}Z`);

/** The wall clock in `zone` at each occurrence, as luxon shows it. */
const wallClocks = (s: Schedule, w: PublishingWindow, zone: string) =>
  expandSchedule(s, w).map((o) => DateTime.fromMillis(o.start, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ'));

describe('America/Los_Angeles across both 2027 US transitions', () => {
  const docs = schedule('America/Los_Angeles', '09:00', weekly(TU));

  it('09:00 is 17:00Z in PST and 16:00Z in PDT from 14 March', () => {
    expect(expand(docs, days('2027-03-01', '2027-03-24'))).toStrictEqual([
      '2027-03-02 → 2027-03-02T17:00Z',
      '2027-03-09 → 2027-03-09T17:00Z',
      '2027-03-16 → 2027-03-16T16:00Z',
      '2027-03-23 → 2027-03-23T16:00Z',
    ]);
  });

  it('back to 17:00Z after 7 November', () => {
    expect(expand(docs, days('2027-10-25', '2027-11-17'))).toStrictEqual([
      '2027-10-26 → 2027-10-26T16:00Z',
      '2027-11-02 → 2027-11-02T16:00Z',
      '2027-11-09 → 2027-11-09T17:00Z',
      '2027-11-16 → 2027-11-16T17:00Z',
    ]);
  });

  it('the wall clock in Los Angeles stays at 09:00 throughout', () => {
    expect(wallClocks(docs, days('2027-03-01', '2027-03-24'), 'America/Los_Angeles')).toStrictEqual([
      '2027-03-02 09:00 -08:00',
      '2027-03-09 09:00 -08:00',
      '2027-03-16 09:00 -07:00',
      '2027-03-23 09:00 -07:00',
    ]);
  });
});

describe('the weeks when US and EU clocks differ', () => {
  const utcMeeting = schedule('UTC', '15:00', weekly(TU));
  const berlinMeeting = schedule('Europe/Berlin', '17:00', weekly(TU));

  describe('March 2027 (US on summer time from the 14th, EU from the 28th)', () => {
    const march = days('2027-03-08', '2027-04-01');

    it('a 15:00 UTC meeting stays at 15:00Z', () => {
      expect(expand(utcMeeting, march)).toStrictEqual([
        '2027-03-09 → 2027-03-09T15:00Z',
        '2027-03-16 → 2027-03-16T15:00Z',
        '2027-03-23 → 2027-03-23T15:00Z',
        '2027-03-30 → 2027-03-30T15:00Z',
      ]);
    });

    it('…and moves on the wall clocks of New York (on the 16th) and Berlin (on the 30th)', () => {
      expect(wallClocks(utcMeeting, march, 'America/New_York')).toStrictEqual([
        '2027-03-09 10:00 -05:00',
        '2027-03-16 11:00 -04:00',
        '2027-03-23 11:00 -04:00',
        '2027-03-30 11:00 -04:00',
      ]);
      expect(wallClocks(utcMeeting, march, 'Europe/Berlin')).toStrictEqual([
        '2027-03-09 16:00 +01:00',
        '2027-03-16 16:00 +01:00',
        '2027-03-23 16:00 +01:00',
        '2027-03-30 17:00 +02:00',
      ]);
    });

    it('a 17:00 Berlin meeting moves in UTC on the 30th, and in Los Angeles twice', () => {
      expect(expand(berlinMeeting, march)).toStrictEqual([
        '2027-03-09 → 2027-03-09T16:00Z',
        '2027-03-16 → 2027-03-16T16:00Z',
        '2027-03-23 → 2027-03-23T16:00Z',
        '2027-03-30 → 2027-03-30T15:00Z',
      ]);
      expect(wallClocks(berlinMeeting, march, 'America/Los_Angeles')).toStrictEqual([
        '2027-03-09 08:00 -08:00',
        '2027-03-16 09:00 -07:00',
        '2027-03-23 09:00 -07:00',
        '2027-03-30 08:00 -07:00',
      ]);
    });
  });

  describe('October/November 2027 (EU back on the 31st, US on 7 November)', () => {
    const autumn = days('2027-10-25', '2027-11-15');

    it('a 15:00 UTC meeting: Berlin moves first, New York a week later', () => {
      expect(expand(utcMeeting, autumn)).toStrictEqual([
        '2027-10-26 → 2027-10-26T15:00Z',
        '2027-11-02 → 2027-11-02T15:00Z',
        '2027-11-09 → 2027-11-09T15:00Z',
      ]);
      expect(wallClocks(utcMeeting, autumn, 'Europe/Berlin')).toStrictEqual([
        '2027-10-26 17:00 +02:00',
        '2027-11-02 16:00 +01:00',
        '2027-11-09 16:00 +01:00',
      ]);
      expect(wallClocks(utcMeeting, autumn, 'America/New_York')).toStrictEqual([
        '2027-10-26 11:00 -04:00',
        '2027-11-02 11:00 -04:00',
        '2027-11-09 10:00 -05:00',
      ]);
    });

    it('a 17:00 Berlin meeting is 09:00 in Los Angeles for the one odd week', () => {
      expect(expand(berlinMeeting, autumn)).toStrictEqual([
        '2027-10-26 → 2027-10-26T15:00Z',
        '2027-11-02 → 2027-11-02T16:00Z',
        '2027-11-09 → 2027-11-09T16:00Z',
      ]);
      expect(wallClocks(berlinMeeting, autumn, 'America/Los_Angeles')).toStrictEqual([
        '2027-10-26 08:00 -07:00',
        '2027-11-02 09:00 -07:00',
        '2027-11-09 08:00 -08:00',
      ]);
    });
  });
});

describe('Australia/Sydney (southern hemisphere: summer time ends in April, starts in October)', () => {
  const sync = schedule('Australia/Sydney', '09:00', weekly(WE));

  it('09:00 is 22:00Z the day before in AEDT and 23:00Z in AEST', () => {
    expect(expand(sync, days('2027-03-29', '2027-04-10'))).toStrictEqual([
      '2027-03-31 → 2027-03-30T22:00Z',
      '2027-04-07 → 2027-04-06T23:00Z',
    ]);
    expect(expand(sync, days('2027-09-27', '2027-10-08'))).toStrictEqual([
      '2027-09-29 → 2027-09-28T23:00Z',
      '2027-10-06 → 2027-10-05T22:00Z',
    ]);
  });

  it('02:30 on the night clocks go forward (3 October) is 03:30 AEDT; on the night they go back, the first 02:30', () => {
    const night = schedule('Australia/Sydney', '02:30', weekly(SU));
    expect(expand(night, days('2027-09-25', '2027-10-12'))).toStrictEqual([
      '2027-09-26 → 2027-09-25T16:30Z',
      '2027-10-03 → 2027-10-02T16:30Z',
      '2027-10-10 → 2027-10-09T15:30Z',
    ]);
    expect(wallClocks(night, days('2027-10-02', '2027-10-03'), 'Australia/Sydney')).toStrictEqual([
      '2027-10-03 03:30 +11:00',
    ]);
    expect(expand(night, days('2027-03-27', '2027-04-12'))).toStrictEqual([
      '2027-03-28 → 2027-03-27T15:30Z',
      '2027-04-04 → 2027-04-03T15:30Z',
      '2027-04-11 → 2027-04-10T16:30Z',
    ]);
  });
});

describe('Asia/Kolkata (half-hour offset, no DST)', () => {
  const apac = schedule('Asia/Kolkata', '11:00', weekly(MO));

  it('11:00 is 05:30Z in every season, while Berlin sees it move', () => {
    const spring = days('2027-03-22', '2027-04-06');
    expect(expand(apac, spring)).toStrictEqual([
      '2027-03-22 → 2027-03-22T05:30Z',
      '2027-03-29 → 2027-03-29T05:30Z',
      '2027-04-05 → 2027-04-05T05:30Z',
    ]);
    expect(wallClocks(apac, spring, 'Europe/Berlin')).toStrictEqual([
      '2027-03-22 06:30 +01:00',
      '2027-03-29 07:30 +02:00',
      '2027-04-05 07:30 +02:00',
    ]);
    expect(expand(apac, days('2027-11-01', '2027-11-09'))).toStrictEqual([
      '2027-11-01 → 2027-11-01T05:30Z',
      '2027-11-08 → 2027-11-08T05:30Z',
    ]);
  });

  it('00:15 in Kolkata is on the previous UTC day', () => {
    const early = schedule('Asia/Kolkata', '00:15', weekly(MO));
    expect(expand(early, days('2027-03-21', '2027-03-23'))).toStrictEqual(['2027-03-22 → 2027-03-21T18:45Z']);
  });
});

describe('times the clock skips or repeats (RFC 5545 3.3.5)', () => {
  it('02:30 on the US spring-forward night takes the offset before the gap: 03:30 PDT, 10:30Z', () => {
    const night = schedule('America/Los_Angeles', '02:30', weekly(SU));
    expect(expand(night, days('2027-03-07', '2027-03-22'))).toStrictEqual([
      '2027-03-07 → 2027-03-07T10:30Z',
      '2027-03-14 → 2027-03-14T10:30Z',
      '2027-03-21 → 2027-03-21T09:30Z',
    ]);
    expect(wallClocks(night, days('2027-03-14', '2027-03-15'), 'America/Los_Angeles')).toStrictEqual([
      '2027-03-14 03:30 -07:00',
    ]);
  });

  it('01:30 on the US fall-back night is the first 01:30 (PDT, 08:30Z)', () => {
    const night = schedule('America/Los_Angeles', '01:30', weekly(SU));
    expect(expand(night, days('2027-10-31', '2027-11-15'))).toStrictEqual([
      '2027-10-31 → 2027-10-31T08:30Z',
      '2027-11-07 → 2027-11-07T08:30Z',
      '2027-11-14 → 2027-11-14T09:30Z',
    ]);
    expect(wallClocks(night, days('2027-11-07', '2027-11-08'), 'America/Los_Angeles')).toStrictEqual([
      '2027-11-07 01:30 -07:00',
    ]);
  });

  // Offsets above +12 hours (NZDT +13, Chatham +13:45) need the transition search to look far enough.
  it.each([
    ['Pacific/Auckland', 2027, 9, 26, '02:30', '2027-09-25T14:30:00.000Z', '2027-09-26T03:30:00.000+13:00'],
    ['Pacific/Auckland', 2027, 4, 4, '02:30', '2027-04-03T13:30:00.000Z', '2027-04-04T02:30:00.000+13:00'],
    ['Pacific/Chatham', 2027, 9, 26, '03:00', '2027-09-25T14:15:00.000Z', '2027-09-26T04:00:00.000+13:45'],
    ['Pacific/Chatham', 2027, 4, 4, '03:00', '2027-04-03T13:15:00.000Z', '2027-04-04T03:00:00.000+13:45'],
    [
      'Australia/Lord_Howe',
      2027,
      10,
      3,
      '02:15',
      '2027-10-02T15:45:00.000Z',
      '2027-10-03T02:45:00.000+11:00',
    ],
    ['Australia/Lord_Howe', 2027, 4, 4, '01:45', '2027-04-03T14:45:00.000Z', '2027-04-04T01:45:00.000+11:00'],
    ['Europe/Berlin', 2027, 3, 28, '02:30', '2027-03-28T01:30:00.000Z', '2027-03-28T03:30:00.000+02:00'],
    ['Europe/Berlin', 2027, 10, 31, '02:30', '2027-10-31T00:30:00.000Z', '2027-10-31T02:30:00.000+02:00'],
  ])('%s %i-%i-%i %s is %s (%s)', (zone, year, month, day, time, utc, local) => {
    const [hour, minute] = time.split(':').map(Number) as [number, number];
    const ms = wallTimeToUtc(ZoneOffsets.of(zone), dayNumber(year, month, day), hour * 60 + minute);
    expect(new Date(ms).toISOString()).toBe(utc);
    expect(DateTime.fromMillis(ms, { zone }).toISO()).toBe(local);
  });
});

describe('every other week across the year boundary', () => {
  // 2026 has 53 ISO weeks: parity by ISO week number would put the second meeting on 2027-01-05.
  const pm = schedule('UTC', '18:30', weekly(TU, 2), '2026-12-29');

  it('follows the start date: exactly 14 days apart', () => {
    expect(expand(pm, days('2026-12-01', '2027-03-01'))).toStrictEqual([
      '2026-12-29 → 2026-12-29T18:30Z',
      '2027-01-12 → 2027-01-12T18:30Z',
      '2027-01-26 → 2027-01-26T18:30Z',
      '2027-02-09 → 2027-02-09T18:30Z',
      '2027-02-23 → 2027-02-23T18:30Z',
    ]);
  });

  it('keeps the parity months later', () => {
    expect(expand(pm, days('2027-06-01', '2027-07-01')).map((o) => o.slice(0, 10))).toStrictEqual([
      '2027-06-01',
      '2027-06-15',
      '2027-06-29',
    ]);
  });

  it('and in a zone where the local date is a day ahead of UTC', () => {
    const apac = schedule('Pacific/Auckland', '08:00', weekly(WE, 2), '2026-12-30');
    expect(expand(apac, days('2026-12-28', '2027-01-28'))).toStrictEqual([
      '2026-12-30 → 2026-12-29T19:00Z',
      '2027-01-13 → 2027-01-12T19:00Z',
      '2027-01-27 → 2027-01-26T19:00Z',
    ]);
  });
});

describe('the publishing window', () => {
  const shipped = {
    file: 'sigs.yaml',
    text: readFileSync(new URL('../../sigs.yaml', import.meta.url), 'utf8'),
  };

  it('is 28 days back to 182 days ahead, aligned to UTC midnight', () => {
    expect(windowAround(new Date('2027-03-10T12:00:00Z'))).toStrictEqual({
      start: Date.parse('2027-02-10T00:00:00Z'),
      end: Date.parse('2027-09-09T00:00:00Z'),
    });
    expect(windowAround(new Date('2027-03-10T12:00:00Z'), { daysBefore: 0, daysAfter: 6 })).toStrictEqual(
      days('2027-03-10', '2027-03-17'),
    );
  });

  it('runs at 00:01 and 23:59 of one UTC day give identical windows, occurrences and reports', () => {
    const early = windowAround(new Date('2027-03-10T00:01:00Z'));
    const late = windowAround(new Date('2027-03-10T23:59:00Z'));
    expect(late).toStrictEqual(early);
    const community = loadCommunity(shipped);
    expect(buildReport(community, late, { now: new Date('2027-03-10T23:59:00Z') })).toStrictEqual(
      buildReport(community, early, { now: new Date('2027-03-10T00:01:00Z') }),
    );
    for (const group of community.groups) {
      for (const meeting of group.meetings) {
        if (meeting.status !== 'scheduled') continue;
        expect(expandSchedule(meeting.schedule, late)).toStrictEqual(expandSchedule(meeting.schedule, early));
      }
    }
  });

  it('moves at UTC midnight, not at the host zone’s midnight', () => {
    const before = windowAround(new Date('2027-03-10T23:59:00Z'));
    expect(windowAround(new Date('2027-03-11T00:00:00Z')).start - before.start).toBe(86_400_000);
    // 23:59 in New York on the 10th is already the 11th in UTC.
    expect(windowAround(new Date('2027-03-10T23:59:00-05:00'))).toStrictEqual(
      windowAround(new Date('2027-03-11T00:01:00Z')),
    );
  });

  it('includes an occurrence starting exactly at its start and excludes one starting exactly at its end', () => {
    // 16:00 PST is 00:00Z the next day.
    const office = schedule('America/Los_Angeles', '16:00', { kind: 'monthly-nth', weekday: TU, nth: [3] });
    expect(expand(office, days('2026-12-16', '2027-01-20'))).toStrictEqual([
      '2026-12-15 → 2026-12-16T00:00Z',
    ]);
  });
});
