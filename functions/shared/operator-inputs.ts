/*
 * Checks of what an operator configures (command-line options, the function's environment). These are
 * trusted, not hostile, but a typo must fail loudly rather than publish somewhere unexpected: each
 * function returns why a value is refused, or undefined.
 */

/** The longest publishing window on either side of now, in days: two years. */
export const MAX_WINDOW_DAYS = 730;

/** A key prefix stays inside the bucket's own tree: no leading `/`, no `.` or `..` segment, no `\`. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.startsWith('/')) return 'must not start with "/" (write community/, not /community/)';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\\\u0000-\u001f\u007f]/.test(prefix)) return 'must not hold "\\" or control characters';
  const segments = prefix.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'must not hold "." or ".." segments';
  if (prefix !== '' && segments.some((s) => s === '')) return 'must not hold empty segments ("//")';
  return undefined;
}

/** A number of days of the window: a whole number from `min` to {@link MAX_WINDOW_DAYS}. */
export function daysProblem(value: string, min: number): string | undefined {
  if (!/^\d{1,6}$/.test(value) || Number(value) < min || Number(value) > MAX_WINDOW_DAYS) {
    return `is not a whole number of days from ${min} to ${MAX_WINDOW_DAYS} (two years)`;
  }
  return undefined;
}

/** An ISO 8601 duration of days, hours and minutes that is more than zero (`PT6H`, `P1D`, `PT30M`). */
export function refreshProblem(value: string): string | undefined {
  const match = /^P(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(value);
  const total = match ? match.slice(1).reduce((n, part) => n + Number(part ?? 0), 0) : 0;
  return total > 0 ? undefined : 'is not a positive ISO 8601 duration such as PT6H, PT30M or P1D';
}

/**
 * `2027-01-12` or `2027-01-12T09:00[:00[.000]][Z|±hh:mm]` as a Date, only when every part is a real
 * calendar value: `2026-02-30` is not March 2nd, and `T24:00` is not the next day.
 */
export function parseIsoDateTime(value: string): Date | undefined {
  const match =
    /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(
      value,
    );
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((p) => Number(p ?? 0));
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() + 1 !== month ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  const offset = match[7];
  if (offset && offset !== 'Z' && (Number(offset.slice(1, 3)) > 14 || Number(offset.slice(4)) > 59)) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
