import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { committedClient, compileClient } from '../../client/build.ts';
import { canonicalZone, wallTimeIn, zoneChoices } from '../../client/zone-clock.ts';
import { wallTime } from '../../functions/core/pages/clock.ts';
import { clientScript } from '../../functions/core/pages/index.ts';
import {
  clockPeriods,
  describeConversion,
  describePeriods,
  formatDate,
  formatDateTime,
  formatOffset,
  formatShortDateTime,
  formatWeekdayTime,
  isoWeekday,
  type WallTime,
} from '../../functions/core/pages/time-format.ts';
import { LEGACY_ZONE_NAMES, ZONE_LABELS } from '../../functions/core/zones.ts';

const ZONES = [
  'America/Los_Angeles',
  'America/New_York',
  'America/St_Johns',
  'UTC',
  'Europe/Berlin',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
];

const wall = (iso: string, zone: string): WallTime =>
  wallTime(DateTime.fromISO(iso, { zone }).toMillis(), zone);

describe('browser wall times (Intl) agree with luxon', () => {
  it('for any minute from 2020 to 2035 in zones with DST, half- and quarter-hour offsets', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1) / 60_000, max: Date.UTC(2035, 0, 1) / 60_000 }),
        fc.constantFrom(...ZONES),
        (minute, zone) => {
          const ms = minute * 60_000;
          expect(wallTimeIn(ms, zone)).toEqual(wallTime(ms, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('around the 2027 transitions in Los Angeles, Berlin and Sydney', () => {
    for (const [iso, zone] of [
      ['2027-03-14T09:59:00Z', 'America/Los_Angeles'],
      ['2027-03-14T10:00:00Z', 'America/Los_Angeles'],
      ['2027-03-28T00:59:00Z', 'Europe/Berlin'],
      ['2027-03-28T01:00:00Z', 'Europe/Berlin'],
      ['2027-04-03T15:59:00Z', 'Australia/Sydney'],
      ['2027-04-03T16:00:00Z', 'Australia/Sydney'],
    ] as const) {
      const ms = Date.parse(iso);
      expect(wallTimeIn(ms, zone), `${iso} in ${zone}`).toEqual(wallTime(ms, zone));
    }
  });
});

describe('formats', () => {
  it('writes dates and times the same way everywhere, independently of any locale', () => {
    const w = wall('2026-12-01T09:05', 'America/Los_Angeles');
    expect(formatDateTime(w)).toBe('Tue 1 Dec 2026, 09:05');
    expect(formatShortDateTime(w)).toBe('Tue 1 Dec, 09:05');
    expect(formatWeekdayTime(w)).toBe('Tuesday 09:05');
    expect(formatDate(wall('2027-01-03T00:00', 'UTC'))).toBe('Sun 3 Jan 2027');
    expect(isoWeekday(2026, 11, 30)).toBe(1);
  });

  it('writes offsets as UTC±h[:mm]', () => {
    expect(formatOffset(0)).toBe('UTC');
    expect(formatOffset(60)).toBe('UTC+1');
    expect(formatOffset(-480)).toBe('UTC-8');
    expect(formatOffset(330)).toBe('UTC+5:30');
    expect(formatOffset(-210)).toBe('UTC-3:30');
    expect(formatOffset(765)).toBe('UTC+12:45');
  });

  it('finds when a meeting moves on a zone clock: the US/EU daylight saving gap in March', () => {
    // 11:00 Los Angeles on the first and third Thursdays, seen from Berlin.
    const dates = ['2027-03-04', '2027-03-18', '2027-04-01', '2027-04-15'];
    const berlin = dates.map((d) =>
      wallTime(DateTime.fromISO(`${d}T11:00`, { zone: 'America/Los_Angeles' }).toMillis(), 'Europe/Berlin'),
    );
    const periods = clockPeriods(berlin);
    expect(periods.map((p) => p.clock)).toEqual(['Thursday 20:00', 'Thursday 19:00', 'Thursday 20:00']);
    expect(describePeriods(periods)).toBe(
      '20:00 on Thu 4 Mar 2027, then 19:00 on Thu 18 Mar 2027, then 20:00 from Thu 1 Apr 2027 to Thu 15 Apr 2027',
    );
    expect(describeConversion(periods)).toBe(
      'Thursday 20:00 (from Thu 18 Mar 2027: Thursday 19:00; from Thu 1 Apr 2027: Thursday 20:00)',
    );
    expect(describeConversion(clockPeriods(berlin.slice(0, 1)))).toBe('Thursday 20:00');
    expect(clockPeriods([])).toEqual([]);
  });
});

describe('zone names', () => {
  it('maps the legacy names browsers report to current IANA names', () => {
    expect(canonicalZone('Asia/Calcutta', LEGACY_ZONE_NAMES)).toBe('Asia/Kolkata');
    expect(canonicalZone('Asia/Kolkata', LEGACY_ZONE_NAMES)).toBe('Asia/Kolkata');
    expect(canonicalZone('Europe/Kiev', LEGACY_ZONE_NAMES)).toBe('Europe/Kyiv');
    expect(canonicalZone('America/Buenos_Aires', LEGACY_ZONE_NAMES)).toBe('America/Argentina/Buenos_Aires');
    expect(canonicalZone('Etc/UTC', LEGACY_ZONE_NAMES)).toBe('UTC');
    expect(canonicalZone('Europe/Berlin', LEGACY_ZONE_NAMES)).toBe('Europe/Berlin');
  });

  it('rejects what is not a zone', () => {
    for (const bad of ['Nowhere/Land', '', '<script>', 'Europe/Berlin?x', '../etc']) {
      expect(canonicalZone(bad, LEGACY_ZONE_NAMES), bad).toBeUndefined();
    }
  });

  it('offers every zone once, in current spelling, with UTC, sorted', () => {
    const choices = zoneChoices(
      ['Asia/Calcutta', 'Asia/Kolkata', 'Europe/Kiev', 'America/New_York'],
      LEGACY_ZONE_NAMES,
    );
    expect(choices).toEqual(['America/New_York', 'Asia/Kolkata', 'Europe/Kyiv', 'UTC']);
    const all = zoneChoices(Intl.supportedValuesOf('timeZone'), LEGACY_ZONE_NAMES);
    expect(all.filter((z) => Object.hasOwn(LEGACY_ZONE_NAMES, z))).toEqual([]);
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('the shipped script', () => {
  it('is compiled from the current client sources (run `npm run build:client`)', async () => {
    expect(await committedClient()).toBe(await compileClient());
  });

  it('gets the legacy zone table and the zone labels from zones.ts, the one source of truth', () => {
    const script = clientScript();
    expect(script.startsWith('(function (LEGACY_ZONES, ZONE_LABELS) {\n')).toBe(true);
    expect(
      script.endsWith(`})(${JSON.stringify(LEGACY_ZONE_NAMES)}, ${JSON.stringify(ZONE_LABELS)});\n`),
    ).toBe(true);
  });

  it('has no eval, no inline style attribute, no HTML strings and one same-origin fetch, so the strict CSP holds', () => {
    const script = clientScript();
    for (const banned of [
      /\beval\(/,
      /new Function/,
      /setAttribute\(\s*["']style/,
      /\.cssText/,
      /innerHTML/,
      /outerHTML/,
      /insertAdjacentHTML/,
      /document\.write/,
      /XMLHttpRequest/,
      /WebSocket/,
      /sendBeacon/,
      /importScripts/,
    ]) {
      expect(script, String(banned)).not.toMatch(banned);
    }
    // Week-view blocks are placed through the CSSOM (which CSP allows), four properties only.
    expect(new Set(script.match(/\.style\.[a-zA-Z]+/g))).toEqual(
      new Set(['.style.top', '.style.height', '.style.left', '.style.width']),
    );
    // The data files, by the relative URL the page names: the one request the script makes.
    expect(script.match(/fetch\([^)]*\)/g)).toEqual([
      'fetch(url, { headers: { accept: "application/json" } })',
    ]);
    // The only absolute URL is Google Calendar's event template, a link the reader may follow.
    expect(script.match(/https?:\/\/[^"'`\s$]+/g)).toEqual(['https://calendar.google.com/calendar/render?']);
  });
});
