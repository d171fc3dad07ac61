import fc from 'fast-check';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { conversionInstants } from '../../client/conversion.ts';
import type { Occurrence } from '../../client/data.ts';
import { countdown, Formats } from '../../client/format.ts';
import { singleEventCalendar } from '../../client/single-event.ts';
import { hourLabel, placeBlocks, weekStart } from '../../client/week-layout.ts';
import { instantOf, zoneChoices } from '../../client/zone-clock.ts';
import { zoneIndex } from '../../client/zone-search.ts';
import { LEGACY_ZONE_NAMES, ZONE_LABELS } from '../../functions/core/zones.ts';

/** The browser script's logic, run in Node (same Intl), checked against luxon and ical.js. */

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('countdown', () => {
  it.each([
    [-1, 'now'],
    [0, 'now'],
    [1, 'in 1 min'],
    [59, 'in 59 min'],
    [60, 'in 1 h'],
    [200, 'in 3 h 20 min'],
    [24 * 60, 'in 1 day'],
    [28 * 60 + 30, 'in 1 day 4 h'],
    [3 * 24 * 60 + 5, 'in 3 days'],
  ])('%d minutes before the start: %s', (minutes, text) => {
    const start = Date.UTC(2026, 11, 1, 18, 30);
    expect(countdown(start, start + HOUR, start - minutes * MIN)).toBe(text);
  });

  it('an occurrence that has ended is not counted down to', () => {
    const start = Date.UTC(2026, 11, 1, 18, 30);
    expect(countdown(start, start + HOUR, start + HOUR)).toBe('ended');
  });
});

/**
 * luxon's offset (minutes) of `zone` at the instant `ms`, remembered. The oracle below probes 73
 * instants an hour apart for each wall time, so wall times a whole number of hours apart probe mostly
 * the same instants: sweeping every minute of six hours around a transition asks luxon (and Intl
 * under it) for each instant once instead of about five times.
 */
const knownOffsets = new Map<string, Map<number, number>>();
function offsetAt(zone: string, ms: number): number {
  let known = knownOffsets.get(zone);
  if (!known) {
    known = new Map();
    knownOffsets.set(zone, known);
  }
  let offset = known.get(ms);
  if (offset === undefined) {
    offset = DateTime.fromMillis(ms, { zone }).offset;
    known.set(ms, offset);
  }
  return offset;
}

/**
 * RFC 5545 3.3.5 read independently, with luxon only converting instants to wall times: of the instants
 * that show this wall time in the zone, the earliest (an overlap is read as its first occurrence); when
 * none does (a gap), the offset in force before the gap. luxon's own `fromObject` is not the oracle:
 * for an overlap in a zone west of UTC it returns the later instant.
 */
function rfc5545Instant(zone: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const local = Date.UTC(y, mo - 1, d, h, mi);
  const offsets = new Set<number>();
  for (let probe = -36; probe <= 36; probe += 1) {
    offsets.add(offsetAt(zone, local + probe * HOUR));
  }
  const shows = (ms: number) => {
    const w = DateTime.fromMillis(ms, { zone });
    return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
  };
  const candidates = [...offsets].map((offset) => local - offset * MIN).filter(shows);
  if (candidates.length > 0) return Math.min(...candidates);
  const before = offsetAt(zone, local - 36 * HOUR);
  return local - before * MIN;
}

describe('wall time to instant in the browser', () => {
  it.each([
    ['America/Los_Angeles', [2027, 11, 7, 1, 0], '2027-11-07T08:00:00.000Z'], // overlap: the PDT one
    ['America/Los_Angeles', [2027, 11, 7, 1, 30], '2027-11-07T08:30:00.000Z'],
    ['America/Los_Angeles', [2027, 3, 14, 2, 30], '2027-03-14T10:30:00.000Z'], // gap: read with PST
    ['Europe/Berlin', [2026, 10, 25, 2, 30], '2026-10-25T00:30:00.000Z'], // overlap: the CEST one
    ['Europe/Berlin', [2027, 3, 28, 2, 30], '2027-03-28T01:30:00.000Z'], // gap: read with CET
    ['Pacific/Chatham', [2027, 4, 4, 2, 50], '2027-04-03T13:05:00.000Z'], // overlap at +13:45 / +12:45
  ] as const)('%s %j is %s', (zone, [y, mo, d, h, mi], iso) => {
    expect(new Date(rfc5545Instant(zone, y, mo, d, h, mi)).toISOString()).toBe(iso);
    expect(new Date(instantOf(zone, y, mo, d, h, mi)).toISOString()).toBe(iso);
  });

  it('agrees with RFC 5545 for any minute in zones with DST and odd offsets, gaps and overlaps included', () => {
    const zones = [
      'America/Los_Angeles',
      'Europe/Berlin',
      'Asia/Kolkata',
      'Australia/Sydney',
      'Pacific/Chatham',
      'America/Santiago',
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2024, 0, 1) / MIN, max: Date.UTC(2030, 0, 1) / MIN }),
        fc.constantFrom(...zones),
        (minute, zone) => {
          const w = DateTime.fromMillis(minute * MIN, { zone: 'UTC' });
          const expected = rfc5545Instant(zone, w.year, w.month, w.day, w.hour, w.minute);
          expect(instantOf(zone, w.year, w.month, w.day, w.hour, w.minute)).toBe(expected);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees with RFC 5545 on every minute of the hours around each transition', () => {
    for (const zone of ['America/Los_Angeles', 'Europe/Berlin', 'Pacific/Chatham', 'America/Santiago']) {
      for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2028, 0, 1); ms += HOUR) {
        const a = offsetAt(zone, ms);
        if (offsetAt(zone, ms + HOUR) === a) continue;
        for (let m = -180; m <= 180; m += 1) {
          const w = DateTime.fromMillis(ms + m * MIN, { zone: 'UTC' }).plus({ minutes: a });
          const expected = rfc5545Instant(zone, w.year, w.month, w.day, w.hour, w.minute);
          expect(instantOf(zone, w.year, w.month, w.day, w.hour, w.minute)).toBe(expected);
        }
      }
    }
  });
});

describe('the week view', () => {
  const o = (start: number, end: number): Occurrence =>
    ({ startMs: start * HOUR, endMs: end * HOUR, uid: `${start}-${end}` }) as Occurrence;

  it('puts overlapping meetings side by side, each in the first free lane', () => {
    const placed = placeBlocks([o(9, 10), o(9.5, 11), o(10, 10.5), o(12, 13)]);
    expect(placed.map((p) => [p.o.uid, p.lane, p.lanes])).toEqual([
      ['9-10', 0, 2],
      ['9.5-11', 1, 2],
      ['10-10.5', 0, 2],
      ['12-13', 0, 1],
    ]);
  });

  it('labels each hour row with that wall-clock hour, in the viewer clock, whatever the week', () => {
    // The rows are wall-clock hours: on a week whose first day changes its clocks (Sunday 14 March 2027
    // in Los Angeles) they are still 0:00 … 23:00, not shifted by the offset of that day's midnight.
    const h23 = new Formats('America/Los_Angeles', 'h23', 'en-GB');
    expect(Array.from({ length: 24 }, (_, h) => hourLabel(h23, h))).toEqual(
      Array.from({ length: 24 }, (_, h) => `${h}:00`),
    );
    const h12 = new Formats('America/Los_Angeles', 'h12', 'en-US');
    expect([0, 9, 12, 21].map((h) => hourLabel(h12, h))).toEqual([
      '12:00 AM',
      '9:00 AM',
      '12:00 PM',
      '9:00 PM',
    ]);
  });

  it('starts weeks on the locale first day, in the viewer zone', () => {
    const now = Date.parse('2026-12-02T03:00:00Z'); // Tue 1 Dec in Los Angeles, Wed 2 Dec in Berlin
    const la = DateTime.fromMillis(weekStart(now, 'America/Los_Angeles', 0, 7), {
      zone: 'America/Los_Angeles',
    });
    expect(la.toFormat('ccc yyyy-MM-dd HH:mm')).toBe('Sun 2026-11-29 00:00');
    const berlin = DateTime.fromMillis(weekStart(now, 'Europe/Berlin', 1, 1), { zone: 'Europe/Berlin' });
    expect(berlin.toFormat('ccc yyyy-MM-dd HH:mm')).toBe('Mon 2026-12-07 00:00');
  });
});

describe('an unscheduled meeting converted for the coming weeks', () => {
  it('gives its weekday and time in its zone, weekly from now, as the instants to convert', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    const instants = conversionInstants(
      { zone: 'America/Los_Angeles', weekday: 4, time: '08:00' } as Parameters<typeof conversionInstants>[0],
      now,
    );
    expect(instants).toHaveLength(26);
    for (const ms of instants) {
      expect(DateTime.fromMillis(ms, { zone: 'America/Los_Angeles' }).toFormat('cccc HH:mm')).toBe(
        'Thursday 08:00',
      );
    }
    expect(instants[0]).toBe(
      DateTime.fromISO('2026-12-03T08:00', { zone: 'America/Los_Angeles' }).toMillis(),
    );
    const utc = new Formats('UTC', 'h23', 'en-GB').describeConversion(instants);
    expect(utc).toBe('Thursday 16:00 (from Thu, 18 Mar 2027: Thursday 15:00)');
  });
});

describe('the zone picker search', () => {
  const zones = zoneChoices(Intl.supportedValuesOf('timeZone'), LEGACY_ZONE_NAMES);
  const index = zoneIndex(zones, { labels: ZONE_LABELS, legacy: LEGACY_ZONE_NAMES, locale: 'en-US' });
  it.each([
    ['Kolkata', 'Asia/Kolkata'],
    ['India', 'Asia/Kolkata'],
    ['IST', 'Asia/Kolkata'],
    ['Calcutta', 'Asia/Kolkata'],
    ['Berlin', 'Europe/Berlin'],
    ['kiev', 'Europe/Kyiv'],
    ['PST', 'America/Los_Angeles'],
    ['new york', 'America/New_York'],
    ['São Paulo', 'America/Sao_Paulo'],
  ])('finds %s: %s first', (query, zone) => {
    expect(index.find(query)[0]).toBe(zone);
  });

  it('finds a country with several zones by its name', () => {
    const brazil = index.find('Brazil');
    expect(brazil).toContain('America/Sao_Paulo');
    expect(brazil).toContain('America/Manaus');
    expect(index.find('Germany')).toContain('Europe/Berlin');
    expect(index.find('xyzzy')).toEqual([]);
    expect(index.find('')).toHaveLength(zones.length);
  });
});

describe('a single occurrence as a calendar file', () => {
  it('is one event with the feed UID and times, read back by ical.js', () => {
    const meeting = {
      title: 'SIG Node: Weekly',
      schedule: 'every Tuesday at 10:00 (America/Los_Angeles)',
      join: 'https://zoom.us/j/1?pwd=a;b,c',
      page: 'https://meetings.example.org/sig-node/weekly.html',
    } as Parameters<typeof singleEventCalendar>[0];
    const start = Date.parse('2026-12-01T18:00:00Z');
    const text = singleEventCalendar(
      meeting,
      {
        uid: 'sig-node.weekly.2026-12-01@meetings.example.org',
        title: 'SIG Node: Weekly',
        startMs: start,
        endMs: start + HOUR,
      } as Occurrence,
      Date.parse('2026-11-30T12:00:00Z'),
    );
    const calendar = new ICAL.Component(ICAL.parse(text) as unknown as unknown[]);
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events).toHaveLength(1);
    expect(events[0]?.uid).toBe('sig-node.weekly.2026-12-01@meetings.example.org');
    expect(events[0]?.startDate.toJSDate().getTime()).toBe(start);
    expect(events[0]?.location).toBe('https://zoom.us/j/1?pwd=a;b,c');
    expect(text.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
  });
});
