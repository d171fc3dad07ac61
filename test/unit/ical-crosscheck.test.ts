import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { type Community, loadCommunity } from '../../functions/core/community.ts';
import { expandSchedule } from '../../functions/core/occurrences.ts';
import { buildReport } from '../../functions/core/report.ts';
import { type PublishingWindow, windowAround } from '../../functions/core/window.ts';

/*
 * The report promises that `DTSTART;TZID=<timezone>:<dtstart>` + `RRULE:<rrule>` reproduce sigcal's
 * interpretation in any RFC 5545 implementation. ical.js is one: expand each rule there with a floating
 * DTSTART (wall-clock dates and times), and compare with what sigcal publishes.
 */

const shipped = {
  file: 'sigs.yaml',
  text: readFileSync(new URL('../../sigs.yaml', import.meta.url), 'utf8'),
};

/** Rules that are easy to get wrong, in zones far from UTC, to cross-check beyond the shipped file. */
const tricky = {
  file: 'tricky.yaml',
  text: `
sigs:
  - dir: sig-tricky
    name: Tricky
    meetings:
      - description: Second and last
        day: Tuesday
        time: "16:00"
        tz: America/Los_Angeles
        frequency: second & last Tuesday
      - description: Fourth and last
        day: Friday
        time: "23:30"
        tz: Pacific/Auckland
        frequency: fourth and last Friday of the month
      - description: After the fourth Tuesday
        day: Wednesday
        time: "7:00"
        tz: Pacific/Chatham
        frequency: monthly - Wednesday after the fourth Tuesday
      - description: Every three weeks
        day: Sunday
        time: "0:15"
        tz: Asia/Kathmandu
        frequency: every three weeks starting 2026-12-27
      - description: Fifth Thursday
        day: Thursday
        time: "17h"
        tz: America/St_Johns
        frequency: fifth Thursday
      - description: Late evening
        day: Monday
        time: "11:45 pm"
        tz: UTC-10
        frequency: weekly
      - description: Until
        day: Monday
        time: "9:00"
        tz: Europe/Berlin
        frequency: biweekly starting 2026-11-02
        until: 2027-06-28
`,
};

const NOWS = ['2026-11-30', '2027-01-13', '2027-03-10', '2027-10-30'];

/** `2027-01-12T09:00` for a local date and wall-clock time. */
const localText = (date: string, hour: number, minute: number) =>
  `${date}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

/**
 * RFC 5545 3.3.10: with a floating DTSTART, UNTIL must be floating too. sigcal writes it in UTC (for
 * DTSTART;TZID=…), so restate it as the wall time it is in the meeting's zone.
 */
function floatingRRule(rrule: string, zone: string): string {
  return rrule.replace(/UNTIL=(\d{8}T\d{6})Z/, (_, utc: string) => {
    const local = DateTime.fromFormat(utc, "yyyyMMdd'T'HHmmss", { zone: 'UTC' }).setZone(zone);
    return `UNTIL=${local.toFormat("yyyyMMdd'T'HHmmss")}`;
  });
}

/** The local date-times ical.js expands from a floating DTSTART, up to and including `lastDate`. */
function icalExpand(dtstart: string, rrule: string, lastDate: string): string[] {
  const start = ICAL.Time.fromDateTimeString(`${dtstart}:00`);
  expect(start.zone?.tzid).toBe('floating');
  const iterator = ICAL.Recur.fromString(rrule).iterator(start);
  const out: string[] = [];
  for (let next = iterator.next(); next; next = iterator.next()) {
    const date = next.toString().slice(0, 10);
    if (date > lastDate) break;
    out.push(localText(date, next.hour, next.minute));
  }
  return out;
}

/** The wall clock an instant shows in `zone`, by the platform's own Intl, as `2027-01-12T09:00`. */
function intlWallClock(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .formatToParts(new Date(ms))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

function crossCheck(community: Community, window: PublishingWindow) {
  const report = buildReport(community, window, { now: new Date(window.start) });
  const scheduled = community.groups.flatMap((g) => g.meetings).filter((m) => m.status === 'scheduled');
  const rows = report.meetings.filter((m) => m.status === 'scheduled');
  expect(rows).toHaveLength(scheduled.length);
  const lastDate = DateTime.fromMillis(window.end, { zone: 'UTC' }).plus({ days: 1 }).toISODate() as string;
  for (const meeting of scheduled) {
    const row = rows.find((r) => r.group === meeting.group && r.id === meeting.id);
    const label = `${meeting.group}/${meeting.id}`;
    expect(row, label).toBeDefined();
    if (!row?.dtstart || !row.rrule || !row.timezone) throw new Error(`${label}: no dtstart/rrule`);
    expect(row.timezone, label).toBe(meeting.schedule.zone);

    // The RRULE is the series; moved and extra dates are one-off changes to it (tested on their own).
    const sigcal = expandSchedule({ ...meeting.schedule, moved: [], extra: [] }, window);
    const { hour, minute } = meeting.schedule.time;
    // ical.js knows no zones here; the instant of each local date-time is the zone's reading of it.
    const rrule = floatingRRule(row.rrule, row.timezone);
    const fromIcal = icalExpand(row.dtstart, rrule, lastDate).filter((local) => {
      const ms = DateTime.fromISO(local, { zone: row.timezone as string }).toMillis();
      return ms >= window.start && ms < window.end;
    });
    expect(
      sigcal.map((o) => localText(o.localDate, hour, minute)),
      `${label}: DTSTART ${row.dtstart} RRULE ${row.rrule}`,
    ).toStrictEqual(fromIcal);
    // Guard against comparing two empty lists, unless the series has ended before the window.
    const ended = meeting.schedule.until !== null && Date.parse(meeting.schedule.until) < window.start;
    if (!ended) expect(sigcal.length, label).toBeGreaterThan(0);
    for (const o of sigcal) {
      expect(intlWallClock(o.start, row.timezone), label).toBe(localText(o.localDate, hour, minute));
    }
  }
  return scheduled.length;
}

describe('dtstart + rrule reproduce sigcal in ical.js', () => {
  it.each(NOWS)('every scheduled meeting of the shipped sigs.yaml, now = %s', (now) => {
    const community = loadCommunity(shipped);
    expect(crossCheck(community, windowAround(new Date(`${now}T12:00:00Z`)))).toBe(12);
  });

  it.each(NOWS)('tricky rules in zones far from UTC, now = %s', (now) => {
    const community = loadCommunity(tricky);
    expect(community.diagnostics).toStrictEqual([]);
    expect(crossCheck(community, windowAround(new Date(`${now}T12:00:00Z`)))).toBe(7);
  });

  it('a series without a start date is anchored on its first published occurrence, even on the day before the window', () => {
    // The window of 2027-01-13 starts at 2026-12-16T00:00Z, which is 16:00 on Tuesday 15 December in
    // Los Angeles: the third Tuesday's office hours are published, so DTSTART must be that date.
    const now = new Date('2027-01-13T12:00:00Z');
    const report = buildReport(loadCommunity(shipped), windowAround(now), { now });
    const office = report.meetings.find((m) => m.id === 'enhancements-enhancements-office-hours');
    expect(office).toMatchObject({ dtstart: '2026-12-15T16:00', rrule: 'FREQ=MONTHLY;BYDAY=3TU' });
  });

  it('UNTIL is the meeting’s start instant on its last date, in UTC', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const report = buildReport(loadCommunity(tricky), windowAround(now), { now });
    const until = report.meetings.find((m) => m.id === 'until');
    expect(until).toMatchObject({
      dtstart: '2026-11-02T09:00',
      rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270628T070000Z',
    });
    expect(floatingRRule(until?.rrule ?? '', 'Europe/Berlin')).toBe(
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20270628T090000',
    );
  });
});
