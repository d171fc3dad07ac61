/**
 * How sigcal writes dates and times, shared by the server (wall times from luxon) and the browser (wall
 * times from `Intl`), so both render the same text. English names and a 24-hour clock, built from
 * numbers rather than from a locale, so output never depends on the host's or the browser's locale.
 */

/** A wall-clock reading of an instant in some zone. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  /** Minutes east of UTC. */
  readonly offsetMinutes: number;
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

/** ISO weekday (Monday = 1 … Sunday = 7) of a calendar date; zone-free. */
export function isoWeekday(year: number, month: number, day: number): number {
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

const weekdayName = (w: WallTime): string => WEEKDAYS[isoWeekday(w.year, w.month, w.day) - 1] ?? '';

/** `Tue 1 Dec 2026` */
export function formatDate(w: WallTime): string {
  return `${weekdayName(w).slice(0, 3)} ${w.day} ${MONTHS[w.month - 1]} ${w.year}`;
}

/** `Tue 1 Dec` */
export function formatShortDate(w: WallTime): string {
  return `${weekdayName(w).slice(0, 3)} ${w.day} ${MONTHS[w.month - 1]}`;
}

/** `09:30` */
export function formatTime(w: WallTime): string {
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** `Tue 1 Dec 2026, 09:30` */
export function formatDateTime(w: WallTime): string {
  return `${formatDate(w)}, ${formatTime(w)}`;
}

/** `Tue 1 Dec, 09:30` */
export function formatShortDateTime(w: WallTime): string {
  return `${formatShortDate(w)}, ${formatTime(w)}`;
}

/** `Thursday 17:00` */
export function formatWeekdayTime(w: WallTime): string {
  return `${weekdayName(w)} ${formatTime(w)}`;
}

/** `UTC`, `UTC+1`, `UTC-8`, `UTC+5:30` */
export function formatOffset(offsetMinutes: number): string {
  if (offsetMinutes === 0) return 'UTC';
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const minutes = abs % 60;
  return `UTC${sign}${Math.floor(abs / 60)}${minutes === 0 ? '' : `:${pad(minutes)}`}`;
}

/** A run of consecutive readings with the same local weekday and time. */
export interface ClockPeriod {
  /** e.g. `Thursday 20:00`. */
  readonly clock: string;
  readonly first: WallTime;
  readonly last: WallTime;
}

/**
 * Groups a series of wall times (in time order) into runs that share a local weekday and time. More than
 * one run means the meeting moves on this zone's clock, e.g. during the weeks when US and EU daylight
 * saving time differ.
 */
export function clockPeriods(times: readonly WallTime[]): ClockPeriod[] {
  const periods: ClockPeriod[] = [];
  for (const w of times) {
    const clock = formatWeekdayTime(w);
    const current = periods.at(-1);
    if (current && current.clock === clock) periods[periods.length - 1] = { ...current, last: w };
    else periods.push({ clock, first: w, last: w });
  }
  return periods;
}

/** `20:00 on Thu 3 Dec 2026 to Thu 4 Mar 2027, then 19:00 from Thu 18 Mar 2027`: how the clock moves. */
export function describePeriods(periods: readonly ClockPeriod[]): string {
  return periods
    .map((p, i) => {
      const time = formatTime(p.first);
      const span =
        p.first === p.last
          ? `on ${formatDate(p.first)}`
          : `from ${formatDate(p.first)} to ${formatDate(p.last)}`;
      return `${i === 0 ? '' : 'then '}${time} ${span}`;
    })
    .join(', ');
}

/** `Thursday 17:00`, or with later changes: `Thursday 17:00 (from Thu 18 Mar 2027: Thursday 16:00)`. */
export function describeConversion(periods: readonly ClockPeriod[]): string {
  const [first, ...rest] = periods;
  if (!first) return '';
  if (rest.length === 0) return first.clock;
  return `${first.clock} (${rest.map((p) => `from ${formatDate(p.first)}: ${p.clock}`).join('; ')})`;
}
