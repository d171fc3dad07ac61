/**
 * Calendar dates as day numbers (days since 1970-01-01), for fast, zone-free date arithmetic.
 * A local date is a label on a wall calendar; only `occurrences.ts` turns it into an instant.
 */

const DAY_MS = 86_400_000;

export function dayNumber(year: number, month: number, day: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day) / DAY_MS;
  // Date.UTC reads the years 0-99 as 1900-1999; setUTCFullYear does not.
  return new Date(0).setUTCFullYear(year, month - 1, day) / DAY_MS;
}

/** `2027-01-12` → day number (the string must already be a valid ISO date). */
export function dayFromIso(iso: string): number {
  return dayNumber(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
}

export function isoFromDay(day: number): string {
  let iso = isoDays.get(day);
  if (iso === undefined) {
    iso = new Date(day * DAY_MS).toISOString().slice(0, 10);
    // A build formats the same few hundred dates for every meeting; remember them (bounded).
    if (isoDays.size > 100_000) isoDays.clear();
    isoDays.set(day, iso);
  }
  return iso;
}

const isoDays = new Map<number, string>();

/** ISO weekday of a day number: Monday = 1 … Sunday = 7 (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Year and month (1-12) of a day number. */
export function yearMonthOf(day: number): { year: number; month: number; dayOfMonth: number } {
  const d = new Date(day * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, dayOfMonth: d.getUTCDate() };
}

/**
 * `YYYY-MM-DD` for a date of the proleptic Gregorian calendar (years 0-9999), or null when there is
 * no such date (month 13, 31 April, 29 February of a common year).
 */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || year < 0 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1] as number;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The UTC day number containing an instant. */
export function utcDayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export { DAY_MS };
