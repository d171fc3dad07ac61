import { dump } from 'js-yaml';
import { loadCommunity } from '../../functions/core/community.ts';
import { DEFAULT_MAX_SITE_BYTES } from '../../functions/core/site-budget.ts';
import { type PublishingWindow, windowAround } from '../../functions/core/window.ts';

/*
 * The accepted sources that cost a build the most, found with bench measurements (see SECURITY.md,
 * "Limits"): each shape is grown until one more meeting would pass the site budget. The heaviest in
 * memory is `header`: every meeting page repeats a long group header, and one Cyrillic letter in the
 * group's name makes every page a two-byte string while it is held.
 */

export const WORST_NOW = new Date('2026-11-30T12:00:00Z');
export const WORST_SITE_URL = 'https://meetings.example.org/';

const meeting = (i: number) => ({
  description: `Meeting ${i}`,
  day: 'Tuesday',
  time: '9:00',
  tz: 'America/Los_Angeles',
  frequency: 'weekly',
});

/** One group whose 10 kB mission and 100 kB leadership are repeated on each of `meetings` pages. */
export function headerHeavy(meetings: number): string {
  return dump({
    sigs: [
      {
        dir: 'g',
        name: 'Ж group',
        mission_statement: 'm'.repeat(9000),
        leadership: {
          chairs: Array.from({ length: 40 }, (_, i) => ({
            github: `u${i}`,
            name: 'n'.repeat(2000),
            company: 'c'.repeat(500),
          })),
        },
        meetings: Array.from({ length: meetings }, (_, i) => meeting(i)),
      },
    ],
  });
}

/** The estimate of a source, in the default window around {@link WORST_NOW}. */
export function estimateOf(text: string, window: PublishingWindow = windowAround(WORST_NOW)): number {
  const site = { now: WORST_NOW, window, siteUrl: WORST_SITE_URL, maxBytes: Number.MAX_SAFE_INTEGER };
  const estimate = loadCommunity({ file: 'sigs.yaml', text }, { site }).estimate;
  if (!estimate) throw new Error('no estimate');
  return estimate.total;
}

/** The largest `make(n)` whose estimate is within `limit`, and the smallest past it. */
export function atTheLimit(
  make: (n: number) => string,
  limit = DEFAULT_MAX_SITE_BYTES,
): { accepted: string; refused: string } {
  let lo = 1;
  let hi = 2;
  while (estimateOf(make(hi)) <= limit) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (estimateOf(make(mid)) <= limit) lo = mid;
    else hi = mid;
  }
  return { accepted: make(lo), refused: make(hi) };
}
