import { DAY_MS, utcDayOf } from './calendar-date.ts';

/** The span of time a build publishes: occurrences starting in [start, end), as UTC milliseconds. */
export interface PublishingWindow {
  readonly start: number;
  readonly end: number;
}

export interface WindowOptions {
  /** Days before `now` to keep, so recent meetings stay visible in calendars. Default 28. */
  readonly daysBefore?: number;
  /** Days after `now` to publish. Default 182 (26 weeks). */
  readonly daysAfter?: number;
}

/**
 * The default publishing window around `now`: 4 weeks back to 26 weeks ahead, aligned to UTC midnight
 * so that every run within one UTC day produces identical output.
 */
export function windowAround(now: Date, options: WindowOptions = {}): PublishingWindow {
  const today = utcDayOf(now.getTime());
  const before = options.daysBefore ?? 28;
  const after = options.daysAfter ?? 182;
  return { start: (today - before) * DAY_MS, end: (today + 1 + after) * DAY_MS };
}
