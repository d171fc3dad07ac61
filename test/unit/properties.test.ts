import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandSchedule, type Occurrence, type Schedule } from '../../functions/core/occurrences.ts';
import type { Recurrence, Weekday } from '../../functions/core/recurrence.ts';
import { type PublishingWindow, windowAround } from '../../functions/core/window.ts';

/*
 * Invariants of `expandSchedule` for random schedules, zones and windows, checked against an oracle that
 * shares no code with sigcal: dates by walking the calendar with luxon, instants from luxon's offsets.
 */

const ZONES = [
  'UTC',
  'America/Los_Angeles',
  'America/New_York',
  'America/St_Johns', // -03:30 / -02:30
  'America/Santiago', // southern; clocks change at midnight
  'America/Havana', // clocks change at midnight
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Africa/Casablanca', // a DST-like change around Ramadan
  'Asia/Kolkata', // +05:30
  'Asia/Kathmandu', // +05:45
  'Australia/Adelaide', // +09:30 / +10:30, southern
  'Australia/Sydney',
  'Australia/Lord_Howe', // a 30-minute DST change
  'Pacific/Auckland', // +12 / +13
  'Pacific/Chatham', // +12:45 / +13:45
  'Pacific/Kiritimati', // +14
  'Pacific/Pago_Pago', // -11
] as const;

const DST_ZONES = ZONES.filter(
  (z) =>
    ![
      'UTC',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
      'America/Sao_Paulo',
    ].includes(z),
);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const isoDay = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' });
const addDays = (iso: string, n: number) => isoDay(iso).plus({ days: n }).toISODate() as string;
const daysBetween = (a: string, b: string) => Math.round(isoDay(b).diff(isoDay(a), 'days').days);

/** Is `date` a date of the series (ignoring the window)? */
function onRule(schedule: Schedule, date: string): boolean {
  const { recurrence, start, until } = schedule;
  const d = isoDay(date);
  if (d.weekday !== recurrence.weekday) return false;
  if (start !== null && date < start) return false;
  if (until !== null && date > until) return false;
  switch (recurrence.kind) {
    case 'weekly':
      return start === null || daysBetween(start, date) % (7 * recurrence.interval) === 0;
    case 'monthly-nth': {
      const last = d.day + 7 > (d.daysInMonth as number);
      return recurrence.nth.some((n) => (n === -1 ? last : Math.ceil(d.day / 7) === n));
    }
    case 'monthly-days':
      return recurrence.monthDays.includes(d.day);
  }
}

/** Luxon's offset (minutes) at an instant. */
const offsetAt = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).offset;

/** A wall time read as if it were UTC. */
const wallMs = (date: string, hour: number, minute: number) =>
  isoDay(date).toMillis() + hour * HOUR + minute * MINUTE;

/**
 * RFC 5545 3.3.5: the instant of a wall time. Of the offsets in use within a day and a half, those that
 * reproduce the wall time are valid; the earliest instant wins. None valid: the time is in a gap, read
 * with the offset before the gap (the smaller one, as clocks only skip forward).
 */
function rfcInstant(zone: string, date: string, hour: number, minute: number): { ms: number; gap: number } {
  const wall = wallMs(date, hour, minute);
  const offsets = [...new Set([-36, -24, -12, 0, 12, 24, 36].map((h) => offsetAt(zone, wall + h * HOUR)))];
  const valid = offsets.map((o) => wall - o * MINUTE).filter((t) => wall - offsetAt(zone, t) * MINUTE === t);
  if (valid.length > 0) return { ms: Math.min(...valid), gap: 0 };
  const before = Math.min(...offsets);
  const ms = wall - before * MINUTE;
  return { ms, gap: offsetAt(zone, ms) - before };
}

/** What the oracle says `expandSchedule` must return: local dates and instants. */
function expected(schedule: Schedule, window: PublishingWindow) {
  const from = DateTime.fromMillis(window.start - 2 * DAY, { zone: 'UTC' }).toISODate() as string;
  const to = DateTime.fromMillis(window.end + 2 * DAY, { zone: 'UTC' }).toISODate() as string;
  const { hour, minute } = schedule.time;
  const out: { localDate: string; start: number }[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    if (!onRule(schedule, date)) continue;
    const { ms } = rfcInstant(schedule.zone, date, hour, minute);
    if (ms >= window.start && ms < window.end) out.push({ localDate: date, start: ms });
  }
  return out;
}

/** Every invariant, stated one by one so a failure says which. */
function checkInvariants(schedule: Schedule, window: PublishingWindow, occurrences: readonly Occurrence[]) {
  const { zone, recurrence } = schedule;
  const { hour, minute } = schedule.time;
  occurrences.forEach((o, i) => {
    const previous = occurrences[i - 1];
    if (previous) {
      expect(o.start, 'sorted and unique').toBeGreaterThan(previous.start);
      expect(o.localDate > previous.localDate, 'local dates unique and in order').toBe(true);
    }
    expect(o.start, 'inside the window').toBeGreaterThanOrEqual(window.start);
    expect(o.start, 'inside the window').toBeLessThan(window.end);
    expect(o.end - o.start).toBe(schedule.durationMinutes * MINUTE);
    expect(o.cancelled).toBe(schedule.skip.includes(o.localDate));
    expect(isoDay(o.localDate).weekday, 'local weekday').toBe(recurrence.weekday);

    // The wall clock at the instant, in the meeting's zone, is the meeting's time on its local date...
    const shown = DateTime.fromMillis(o.start, { zone });
    const shownWall = wallMs(shown.toISODate() as string, shown.hour, shown.minute);
    const wanted = wallMs(o.localDate, hour, minute);
    const { ms, gap } = rfcInstant(zone, o.localDate, hour, minute);
    expect(o.start, 'the RFC 5545 instant').toBe(ms);
    if (gap === 0) {
      expect(shownWall, 'wall time').toBe(wanted);
      // ...and of two instants showing that wall time (clocks went back), the first.
      const twinOffsets = [offsetAt(zone, o.start - DAY), offsetAt(zone, o.start + DAY)];
      for (const twin of twinOffsets.map((off) => wanted - off * MINUTE)) {
        if (twin < o.start) expect(wanted - offsetAt(zone, twin) * MINUTE, 'the first of two').not.toBe(twin);
      }
    } else {
      // ...except in a gap, where it is shifted forward by the gap: the offset before the gap applies.
      expect(shownWall, 'wall time shifted by the gap').toBe(wanted + gap * MINUTE);
      expect(offsetAt(zone, o.start - DAY) + gap, 'gap size').toBe(shown.offset);
    }
  });
  if (recurrence.kind === 'weekly') {
    for (let i = 1; i < occurrences.length; i++) {
      const a = occurrences[i - 1] as Occurrence;
      const b = occurrences[i] as Occurrence;
      expect(daysBetween(a.localDate, b.localDate), 'every n weeks, none missing').toBe(
        7 * recurrence.interval,
      );
    }
  }
}

// Generators. Dates as ISO strings between 2020 and 2035.
const dateArb = fc.integer({ min: 0, max: 16 * 366 }).map((n) => addDays('2020-01-01', n));
const weekdayArb = fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<Weekday>;
// Early-morning hours are over-represented: that is where clocks change.
const timeArb = fc.record({
  hour: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
  minute: fc.oneof(fc.constantFrom(0, 15, 30, 45), fc.integer({ min: 0, max: 59 })),
});

/** The first `weekday` on or after `date`. */
const nextWeekday = (date: string, weekday: Weekday) =>
  addDays(date, (weekday - isoDay(date).weekday + 7) % 7);

/** The first date of the rule on or after `date`, found by walking the calendar (the oracle's way). */
function firstRuleDate(recurrence: Recurrence, date: string): string {
  const probe: Schedule = { ...baseSchedule('UTC'), recurrence };
  let d = date;
  while (!onRule(probe, d)) d = addDays(d, 1);
  return d;
}

function baseSchedule(zone: string): Schedule {
  return {
    zone,
    time: { hour: 9, minute: 0 },
    durationMinutes: 60,
    recurrence: { kind: 'weekly', interval: 1, weekday: 1 },
    start: null,
    until: null,
    skip: [],
  };
}

const recurrenceArb: fc.Arbitrary<Recurrence> = fc.oneof(
  fc.record({
    kind: fc.constant('weekly' as const),
    interval: fc.integer({ min: 1, max: 4 }),
    weekday: weekdayArb,
  }),
  fc.record({
    kind: fc.constant('monthly-nth' as const),
    weekday: weekdayArb,
    nth: fc.uniqueArray(fc.constantFrom(1, 2, 3, 4, 5, -1), { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('monthly-days' as const),
    weekday: weekdayArb,
    monthDays: fc.integer({ min: 1, max: 25 }).map((first) => Array.from({ length: 7 }, (_, i) => first + i)),
  }),
);

const scheduleArb = (zones: readonly string[]): fc.Arbitrary<Schedule> =>
  fc
    .record({
      zone: fc.constantFrom(...zones),
      time: timeArb,
      durationMinutes: fc.integer({ min: 1, max: 240 }),
      recurrence: recurrenceArb,
      startFrom: fc.option(dateArb, { nil: null }),
      untilAfter: fc.option(fc.integer({ min: 0, max: 500 }), { nil: null }),
      skipPicks: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 3 }),
    })
    .map(({ zone, time, durationMinutes, recurrence, startFrom, untilAfter, skipPicks }) => {
      // Every-n-weeks needs an anchor; others may have one. An anchor is always a date of the rule.
      const needsStart = recurrence.kind === 'weekly' && recurrence.interval > 1;
      const from = startFrom ?? (needsStart ? '2024-01-01' : null);
      const start = from === null ? null : firstRuleDate(recurrence, from);
      const base = start ?? '2024-01-01';
      const until = untilAfter === null ? null : addDays(base, untilAfter);
      const skip = skipPicks.map((k) => addDays(nextWeekday(base, recurrence.weekday), 7 * k));
      return { zone, time, durationMinutes, recurrence, start, until, skip };
    });

const windowArb: fc.Arbitrary<PublishingWindow> = fc.oneof(
  fc
    .record({
      now: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }),
      daysBefore: fc.integer({ min: 0, max: 60 }),
      daysAfter: fc.integer({ min: 1, max: 400 }),
    })
    .map(({ now, daysBefore, daysAfter }) => windowAround(new Date(now), { daysBefore, daysAfter })),
  // Windows not aligned to midnight, down to a few minutes long.
  fc
    .record({
      start: fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 11, 31) }),
      length: fc.oneof(fc.integer({ min: 1, max: 3 * DAY }), fc.integer({ min: 1, max: 200 * DAY })),
    })
    .map(({ start, length }) => ({ start, end: start + length })),
);

describe('expandSchedule properties', () => {
  it('random schedules in random zones and windows match the oracle and every invariant', () => {
    fc.assert(
      fc.property(scheduleArb(ZONES), windowArb, (schedule, window) => {
        const occurrences = expandSchedule(schedule, window);
        checkInvariants(schedule, window, occurrences);
        expect(occurrences.map(({ localDate, start }) => ({ localDate, start }))).toStrictEqual(
          expected(schedule, window),
        );
      }),
      { numRuns: 400 },
    );
  });

  const transitions = new Map<string, string[]>();
  /** The dates around which a zone's offset changes in a year, found by walking the year (memoised). */
  const transitionDates = (zone: string, year: number): string[] => {
    const key = `${zone} ${year}`;
    const known = transitions.get(key);
    if (known) return known;
    const dates: string[] = [];
    // The offset at noon of every day from the last of the year before to the first of the year after,
    // each asked of luxon once: a date is a transition date when the offsets a day either side differ.
    const first = Date.UTC(year, 0, 1, 12);
    const days = Math.round((Date.UTC(year + 1, 0, 1, 12) - first) / DAY);
    const noonOffsets = Array.from({ length: days + 2 }, (_, i) => offsetAt(zone, first + (i - 1) * DAY));
    for (let i = 0; i < days; i++) {
      if (noonOffsets[i] !== noonOffsets[i + 2]) dates.push(addDays(`${year}-01-01`, i));
    }
    transitions.set(key, dates);
    return dates;
  };

  it('meetings on the very nights clocks change land on the RFC 5545 instant', () => {
    const cases = fc
      .record({
        zone: fc.constantFrom(...DST_ZONES),
        year: fc.integer({ min: 2021, max: 2034 }),
        pick: fc.nat(),
        time: fc.record({ hour: fc.integer({ min: 0, max: 4 }), minute: fc.integer({ min: 0, max: 59 }) }),
        interval: fc.integer({ min: 1, max: 2 }),
      })
      .filter(({ zone, year }) => transitionDates(zone, year).length > 0);
    let gaps = 0;
    fc.assert(
      fc.property(cases, ({ zone, year, pick, time, interval }) => {
        const dates = transitionDates(zone, year);
        // Within a day and a half of the change: try the date either side too.
        const date = addDays(dates[pick % dates.length] as string, (pick % 3) - 1);
        const weekday = isoDay(date).weekday as Weekday;
        const schedule: Schedule = {
          ...baseSchedule(zone),
          time,
          recurrence: { kind: 'weekly', interval, weekday },
          start: addDays(date, -7 * interval * 3),
        };
        const window = { start: isoDay(date).toMillis() - 10 * DAY, end: isoDay(date).toMillis() + 10 * DAY };
        const occurrences = expandSchedule(schedule, window);
        checkInvariants(schedule, window, occurrences);
        expect(occurrences.map(({ localDate, start }) => ({ localDate, start }))).toStrictEqual(
          expected(schedule, window),
        );
        if (occurrences.some((o) => rfcInstant(zone, o.localDate, time.hour, time.minute).gap > 0)) gaps++;
      }),
      { numRuns: 300 },
    );
    // The generator must actually reach the interesting case.
    expect(gaps).toBeGreaterThan(0);
  });

  it('a biweekly series has exactly 14 days between consecutive local dates, in every zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        dateArb,
        weekdayArb,
        timeArb,
        windowArb,
        (zone, from, weekday, time, window) => {
          const start = nextWeekday(from, weekday);
          const schedule: Schedule = {
            ...baseSchedule(zone),
            time,
            recurrence: { kind: 'weekly', interval: 2, weekday },
            start,
          };
          const dates = expandSchedule(schedule, window).map((o) => o.localDate);
          for (let i = 1; i < dates.length; i++) {
            expect(daysBetween(dates[i - 1] as string, dates[i] as string)).toBe(14);
          }
          for (const date of dates) expect(daysBetween(start, date) % 14).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
