import { ZoneOffsets } from '../occurrences.ts';
import type { WallTime } from './time-format.ts';

/**
 * The wall time of an instant in an IANA zone: explicit zone, never the host's. The offset comes from
 * luxon's zone data, memoised per day (pages format thousands of times in a handful of zones).
 */
export function wallTime(ms: number, zone: string): WallTime {
  const offsetMinutes = ZoneOffsets.of(zone).offset(ms);
  const local = new Date(ms + offsetMinutes * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    offsetMinutes,
  };
}
