/**
 * One isolated build measurement, run in a fresh process by bench/run.ts so that peak RSS belongs to
 * this build alone. Prints one JSON line.
 *   tsx bench/measure-build.ts <meetings|sigs.yaml> <runs>
 */
import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { buildSite } from '../functions/pipeline/build.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const [what = '100', runsArg = '3'] = process.argv.slice(2);
const text = /^\d+$/.test(what) ? syntheticSigsYaml(Number(what), 3) : await readFile(what, 'utf8');
const options = {
  now: new Date('2026-11-30T12:00:00Z'),
  stamp: new Date('2026-01-01T00:00:00Z'),
  siteUrl: 'https://meetings.example.org/',
};
const times: number[] = [];
let result: ReturnType<typeof buildSite> | undefined;
for (let i = 0; i < Number(runsArg); i++) {
  const started = performance.now();
  result = buildSite({ source: { file: 'sigs.yaml', text }, options });
  times.push(performance.now() - started);
}
if (!result) throw new Error('no runs');
const meetings = result.model.groups.reduce((n, g) => n + g.meetings.length, 0);
process.stdout.write(
  `${JSON.stringify({
    meetings,
    groups: result.summary.groups,
    occurrences: result.summary.occurrences,
    objects: result.summary.objects,
    bytes: result.summary.bytes,
    times,
    // The first run includes JIT warm-up and loading time-zone data; report both.
    maxRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
