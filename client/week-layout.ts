import type { Occurrence } from './data.ts';
import { type Formats, formatsFor } from './format.ts';
import { addDays, startOfDay, weekdayIn } from './zone-clock.ts';

/** Where the week view's weeks start and where its blocks go: no DOM, so Node tests it too. */

/**
 * The label of the grid's row for `hour` o'clock, in the viewer's clock and locale (`9:00 AM`, `09:00`).
 * A wall-clock hour, not an instant: the same on every day of the week, including one whose clocks
 * change for daylight saving time.
 */
export function hourLabel(formats: Pick<Formats, 'clock' | 'locale'>, hour: number): string {
  return formatsFor('UTC', formats.clock, formats.locale).time(Date.UTC(2000, 0, 1, hour));
}

/** The locale's first day of the week (ISO: Monday 1 … Sunday 7), Monday where the browser cannot say. */
export function firstDayOfWeek(locale?: string): number {
  try {
    const l = new Intl.Locale(locale ?? new Intl.DateTimeFormat().resolvedOptions().locale) as Intl.Locale & {
      getWeekInfo?: () => { firstDay: number };
      weekInfo?: { firstDay: number };
    };
    return l.getWeekInfo?.().firstDay ?? l.weekInfo?.firstDay ?? 1;
  } catch {
    return 1;
  }
}

/** The start of the week `offset` weeks from the one containing `now`, in `zone`. */
export function weekStart(now: number, zone: string, offset: number, firstDay: number): number {
  const back = (weekdayIn(now, zone) - firstDay + 7) % 7;
  return addDays(startOfDay(now, zone), zone, offset * 7 - back);
}

/** One block placed in its day: lane and lanes of its cluster of overlapping meetings. */
interface Placed {
  readonly o: Occurrence;
  lane: number;
  lanes: number;
}

/** Side by side: each cluster of overlapping meetings shares the width; each meeting takes a free lane. */
export function placeBlocks(day: readonly Occurrence[]): Placed[] {
  const placed: Placed[] = [];
  let cluster: Placed[] = [];
  let clusterEnd = -Infinity;
  let laneEnds: number[] = [];
  const close = () => {
    for (const p of cluster) p.lanes = laneEnds.length;
    cluster = [];
    laneEnds = [];
  };
  for (const o of [...day].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
    if (o.startMs >= clusterEnd) close();
    let lane = laneEnds.findIndex((end) => end <= o.startMs);
    if (lane === -1) {
      lane = laneEnds.length;
      laneEnds.push(o.endMs);
    } else laneEnds[lane] = o.endMs;
    const p: Placed = { o, lane, lanes: 1 };
    cluster.push(p);
    placed.push(p);
    clusterEnd = Math.max(clusterEnd, o.endMs);
  }
  close();
  return placed;
}
