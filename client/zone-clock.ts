import type { WallTime } from '../functions/core/pages/time-format.ts';

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
