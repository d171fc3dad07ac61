/**
 * "The limit": the time to emit the same feed bytes by plain string concatenation of precomputed
 * text, against sigcal's real feed rendering (EventTemplate + assembly), in one process.
 *   tsx bench/feed-limit.ts <meetings> <runs>
 */
import { performance } from 'node:perf_hooks';
import { buildCalendars } from '../functions/core/calendars.ts';
import { loadCommunity } from '../functions/core/community.ts';
import { expandSchedule } from '../functions/core/occurrences.ts';
import { windowAround } from '../functions/core/window.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const [meetingsArg = '100', runsArg = '5'] = process.argv.slice(2);
const now = new Date('2026-11-30T12:00:00Z');
const community = loadCommunity({ file: 'sigs.yaml', text: syntheticSigsYaml(Number(meetingsArg), 3) });
const window = windowAround(now);
const options = { now, stamp: new Date('2026-01-01T00:00:00Z'), siteUrl: 'https://meetings.example.org/' };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const real: number[] = [];
let feeds: ReadonlyMap<string, string> = new Map();
for (let i = 0; i < Number(runsArg); i++) {
  const started = performance.now();
  feeds = buildCalendars(community, window, options).feeds;
  real.push(performance.now() - started);
}
// Rendering alone: the build minus expanding occurrences (measured the same way).
const expansion: number[] = [];
for (let i = 0; i < Number(runsArg); i++) {
  const started = performance.now();
  for (const g of community.groups) {
    for (const m of g.meetings) if (m.status === 'scheduled') expandSchedule(m.schedule, window);
  }
  expansion.push(performance.now() - started);
}
// The same bytes, from precomputed pieces: each feed split into its events, then concatenated back.
const pieces = [...feeds.values()].map((text) => text.split(/(?=BEGIN:VEVENT\r\n)/));
const limit: number[] = [];
let bytes = 0;
for (let i = 0; i < Number(runsArg); i++) {
  const started = performance.now();
  bytes = 0;
  for (const parts of pieces) {
    let text = '';
    for (const part of parts) text += part;
    bytes += Buffer.byteLength(text, 'utf8');
  }
  limit.push(performance.now() - started);
}
process.stdout.write(
  `${JSON.stringify({ meetings: Number(meetingsArg), feeds: feeds.size, bytes, renderMs: median(real) - median(expansion), limitMs: median(limit) })}\n`,
);
