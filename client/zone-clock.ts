import { isoWeekday, type WallTime } from '../functions/core/pages/time-format.ts';

/**
 * Wall-clock readings from the browser's own `Intl` time-zone data, so pages need no date library.
 * Pure apart from `Intl`; Node runs it too, which is how the unit tests compare it with luxon.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    // Numeric parts only: names and order come from format.ts, never from a locale.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall time of the instant `ms` (UTC milliseconds) in `zone`. */
export function wallTimeIn(ms: number, zone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  // Some engines write midnight as 24 even with h23; it is the same day's 00.
  const hour = (parts.hour ?? 0) % 24;
  const minute = parts.minute ?? 0;
  const second = parts.second ?? 0;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetMinutes = Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
  return { year, month, day, hour, minute, offsetMinutes };
}

/**
 * The current IANA spelling of a zone name the browser accepts, or undefined. Browsers resolve names to
 * ICU's spelling, which is often a legacy link (Chrome in India says `Asia/Calcutta`, and resolves even
 * `Asia/Kolkata` to it), so the resolved name goes through `legacy`.
 */
export function canonicalZone(name: string, legacy: Readonly<Record<string, string>>): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
    return legacy[resolved] ?? resolved;
  } catch {
    return undefined;
  }
}

/** Every zone the picker offers: the browser's list in current spellings, plus UTC, sorted and unique. */
export function zoneChoices(
  supported: readonly string[],
  legacy: Readonly<Record<string, string>>,
): string[] {
  const names = new Set<string>(['UTC']);
  for (const name of supported) names.add(legacy[name] ?? name);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The instant at which `zone`'s clock reads the given wall time. In a spring-forward gap it takes the
 * offset before the gap, as RFC 5545 does (02:30 that does not exist is read as 03:30).
 */
export function instantOf(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // The offset a few hours before and after: one of them is the offset in force at that wall time.
  const before = wallTimeIn(asUtc - 14 * 3_600_000, zone).offsetMinutes;
  const after = wallTimeIn(asUtc + 14 * 3_600_000, zone).offsetMinutes;
  const withAfter = asUtc - after * 60_000;
  if (wallTimeIn(withAfter, zone).offsetMinutes === after) {
    const withBefore = asUtc - before * 60_000;
    // Fall-back overlap: both readings exist; the first of the two (the earlier offset) wins.
    return wallTimeIn(withBefore, zone).offsetMinutes === before
      ? Math.min(withBefore, withAfter)
      : withAfter;
  }
  return asUtc - before * 60_000;
}

/** The instant `zone`'s day containing `ms` begins, and that day as year, month, day. */
export function startOfDay(ms: number, zone: string): number {
  const w = wallTimeIn(ms, zone);
  return instantOf(zone, w.year, w.month, w.day, 0, 0);
}

/** `days` calendar days after the day containing `ms` in `zone`, at its start. */
export function addDays(ms: number, zone: string, days: number): number {
  const w = wallTimeIn(ms, zone);
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return instantOf(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 0, 0);
}

/** ISO weekday (Monday 1 … Sunday 7) of the instant in `zone`. */
export function weekdayIn(ms: number, zone: string): number {
  const w = wallTimeIn(ms, zone);
  return isoWeekday(w.year, w.month, w.day);
}
