/**
 * `npm run bench`: sigcal measured the way users meet it — whole processes of the compiled CLI, on
 * real-shaped data — against the project's targets. Speed targets are ratios to a baseline measured in
 * the same run, in interleaved pairs, so a shared, noisy machine slows both sides alike; every figure is
 * the median of several runs. Prints every target beside its measured value and the hardware, and writes
 * bench/results.json. Timings live here, never in tests.
 *
 *   npm run bench            full run (a few minutes)
 *   npm run bench -- --quick fewer repetitions
 *   SIGCAL_BENCH_NODE=/path/to/node npm run bench
 *                            every measured process (and baseline) on that Node.js instead, e.g. the
 *                            release Lambda runs; results go to bench/results-node<major>.json
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { buildCli, REQUIRE_BANNER } from '../bin/build-cli.mjs';
import { DEFAULT_MEMORY_MB } from '../cdk/publisher-settings.ts';
import { DEFAULT_LIMITS } from '../functions/core/community.ts';
import { DEFAULT_MAX_SITE_BYTES } from '../functions/core/site-budget.ts';
import { scaledCommunity } from '../test/support/scaled.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';
import { atTheLimit, headerHeavy } from '../test/support/worst-case.ts';

const quick = process.argv.includes('--quick');
const reps = (full: number) => (quick ? Math.max(1, Math.ceil(full / 3)) : full);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const NOW = '2026-11-30T12:00:00Z';
const NEXT_DAY = '2026-12-01T12:00:00Z';
/** The default memory of the publisher function. */
const LAMBDA_MEMORY_MB = DEFAULT_MEMORY_MB;
const KUBERNETES = 'test/fixtures/kubernetes/sigs.yaml';
/** The Node.js every measured process runs on: this one, or the one SIGCAL_BENCH_NODE names. */
const NODE = process.env.SIGCAL_BENCH_NODE || process.execPath;
const nodeVersion = execFileSync(NODE, ['--version'], { encoding: 'utf8' }).trim();
const resultsFile = process.env.SIGCAL_BENCH_NODE
  ? `bench/results-node${nodeVersion.slice(1).split('.')[0]}.json`
  : 'bench/results.json';

const started = Date.now();
const scratch = mkdtempSync(join(tmpdir(), 'sigcal-bench-'));
/**
 * Built sites go to a RAM-backed file system where there is one: what is measured is sigcal, not the
 * disk. On this project's CI-class VM, writing the same 15,000 files (180 MB) with a plain sequential
 * writer takes from 0.5 s to 9 s on its disk, depending on how much the disk is still flushing.
 */
const folderParent = statSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory() ? '/dev/shm' : tmpdir();
const sites = mkdtempSync(join(folderParent, 'sigcal-bench-sites-'));
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  node: nodeVersion,
  date: new Date().toISOString().slice(0, 10),
  loadAtStart: +(loadavg()[0] ?? 0).toFixed(2),
  sitesWrittenTo: folderParent,
};

interface Run {
  readonly ms: number;
  readonly rssMB: number;
  readonly stdout: string;
  readonly stderr: string;
}

let runs = 0;
/** One whole process: `node <args>`, timed from spawn to exit, with its peak RSS. */
function node(args: readonly string[], status = 0): Run {
  const rssFile = join(scratch, `rss-${runs++}`);
  const t = performance.now();
  const result = spawnSync(NODE, ['--import', './bench/rss-hook.mjs', ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      SIGCAL_BENCH_RSS: rssFile,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = performance.now() - t;
  if (result.status !== status) {
    throw new Error(`node ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  return {
    ms,
    rssMB: Number(readFileSync(rssFile, 'utf8')) / 1024,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** `sigcal build` into a fresh folder (what a user's first build, and every CI build, does). */
function sigcalBuild(source: string, extra: readonly string[] = []): Run {
  const out = join(sites, `site-${runs}`);
  const run = node(['bin/sigcal.js', 'build', '--source', source, '--out', out, '--now', NOW, ...extra]);
  rmSync(out, { recursive: true, force: true });
  return run;
}

/** Interleaved pairs: baseline, subject, baseline, subject…; the ratio is the median of per-pair ratios. */
function paired(n: number, baseline: () => Run, subject: () => Run) {
  const pairs = Array.from({ length: n }, () => {
    const b = baseline();
    const s = subject();
    return { b, s };
  });
  return {
    baselineMs: median(pairs.map((p) => p.b.ms)),
    ms: median(pairs.map((p) => p.s.ms)),
    ratio: median(pairs.map((p) => p.s.ms / p.b.ms)),
    rssMB: median(pairs.map((p) => p.s.rssMB)),
    stdout: pairs.at(-1)?.s.stdout ?? '',
  };
}

/** Counts from `sigcal build`'s output: "built N objects (B bytes): G groups, S scheduled and U unscheduled meetings, O occurrences". */
function built(stdout: string) {
  const m =
    /built (\d+) objects? \((\d+) bytes\): (\d+) groups?, (\d+) scheduled and (\d+) unscheduled meetings, (\d+) occurrences?/.exec(
      stdout,
    );
  if (!m) throw new Error(`no build summary in:\n${stdout}`);
  const n = (i: number) => Number(m[i]);
  return { objects: n(1), bytes: n(2), groups: n(3), scheduled: n(4), unscheduled: n(5), occurrences: n(6) };
}
const written = (stdout: string) => Number(/wrote (\d+) files/.exec(stdout)?.[1] ?? Number.NaN);

console.log('building the CLI (dist/)');
await buildCli();
const noop = () => node(['-e', '0']);

console.log('1. sigcal --help against node -e 0');
const help = paired(reps(15), noop, () => node(['bin/sigcal.js', '--help']));

console.log(`2. the real-shaped Kubernetes-size file (${KUBERNETES}) against node reading it`);
const kubeSource = readFileSync(KUBERNETES, 'utf8');
const kube = paired(
  reps(9),
  () => node(['-e', `require('node:fs').readFileSync(${JSON.stringify(KUBERNETES)}, 'utf8')`]),
  () => sigcalBuild(KUBERNETES),
);
const kubeCounts = built(kube.stdout);

console.log(
  '3. 5,000 meetings: the Kubernetes file scaled ×49 (real density), and a synthetic all-scheduled one',
);
const scaledFile = join(scratch, 'kubernetes-x49.yaml');
writeFileSync(scaledFile, scaledCommunity(kubeSource, 49));
const syntheticFile = join(scratch, 'synthetic-5000.yaml');
writeFileSync(syntheticFile, syntheticSigsYaml(5000, 3));
const big = [
  { name: 'Kubernetes ×49', file: scaledFile },
  { name: 'synthetic 5,000', file: syntheticFile },
].map(({ name, file }) => {
  const all = Array.from({ length: reps(5) }, () => sigcalBuild(file));
  const last = all.at(-1) as Run;
  return {
    name,
    sourceBytes: statSync(file).size,
    ms: median(all.map((r) => r.ms)),
    rssMB: median(all.map((r) => r.rssMB)),
    ...built(last.stdout),
    allFeed: allFeedHorizon(last.stdout),
  };
});

console.log(
  `4. the documented maximum (${DEFAULT_LIMITS.maxMeetings} meetings) and the heaviest file the site budget accepts, within ${LAMBDA_MEMORY_MB} MB`,
);
/** A build at one of the limits, in a fresh process: its time and peak memory, or why it was refused. */
function limitBuild(file: string): {
  sourceBytes: number;
  ms?: number;
  rssMB?: number;
  bytes?: number;
  refused?: string;
  allFeed?: string | null;
} {
  const sourceBytes = statSync(file).size;
  try {
    const run = sigcalBuild(file);
    return {
      sourceBytes,
      ms: run.ms,
      rssMB: run.rssMB,
      bytes: built(run.stdout).bytes,
      allFeed: allFeedHorizon(run.stdout),
    };
  } catch (error) {
    return { sourceBytes, refused: String((error as Error).message).split('\n')[1] ?? '' };
  }
}
const maxFile = join(scratch, 'maximum.yaml');
writeFileSync(maxFile, syntheticSigsYaml(DEFAULT_LIMITS.maxMeetings, 3));
const maximum = limitBuild(maxFile);
// The heaviest shape the site budget admits (test/support/worst-case.ts): one group whose 110 kB
// header is repeated on every meeting page, grown until one more meeting would pass the budget.
const worstFile = join(scratch, 'worst.yaml');
const worstText = atTheLimit(headerHeavy).accepted;
writeFileSync(worstFile, worstText);
const worst = { meetings: (worstText.match(/description: Meeting/g) ?? []).length, ...limitBuild(worstFile) };

// What a refusal at the node limit costs: one node past it, and the largest such file the size limit
// allows (one-character items, each a node). `validate`, in a fresh process, once each.
function refusal(name: string, items: number) {
  const file = join(scratch, name);
  writeFileSync(file, `x: [${'0,'.repeat(items - 1)}0]\nsigs: []\n`);
  const run = node(['bin/sigcal.js', 'validate', '--source', file, '--now', NOW], 2);
  if (!run.stderr.includes(`more than ${DEFAULT_LIMITS.maxNodes} YAML nodes`)) {
    throw new Error(`${name} was not refused at the node limit: ${run.stderr}`);
  }
  return { sourceBytes: statSync(file).size, items, ms: run.ms, rssMB: run.rssMB };
}
const refusals = [
  refusal('nodes-past-limit.yaml', DEFAULT_LIMITS.maxNodes),
  refusal('nodes-at-size-limit.yaml', Math.floor((DEFAULT_LIMITS.maxBytes - 20) / 2)),
];

console.log('5. republishing: the next day with an unchanged source, then a one-meeting change');
const site = join(sites, 'daily');
const daily = (source: string, now: string) =>
  node(['bin/sigcal.js', 'build', '--source', source, '--out', site, '--now', now]).stdout;
// The source is edited in place, as a maintainer would: pages name the file they were built from.
const dailySource = join(mkdtempSync(join(scratch, 'source-')), 'sigs.yaml');
writeFileSync(dailySource, kubeSource);
/** A daily build, and the site files it wrote (by content, so a rewrite of equal bytes is not one). */
const rebuild = (now: string) => {
  const before = siteFiles(site);
  const count = written(daily(dailySource, now));
  const after = siteFiles(site);
  const changed = [...after].filter(([path, bytes]) => !before.get(path)?.equals(bytes)).map(([p]) => p);
  return { count, changed, kinds: kindsOf(changed) };
};
daily(dailySource, NOW);
const sameDay = rebuild(NOW);
const nextDay = rebuild(NEXT_DAY);
writeFileSync(dailySource, changeOneMeeting(kubeSource));
const oneChange = rebuild(NEXT_DAY);

console.log('6. feed rendering against a plain writer that escapes and folds the same bytes');
const tsx = (script: string, ...args: string[]): string =>
  execFileSync(NODE, ['--import', 'tsx', join('bench', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
const feedRendering = [100, 1000].map(
  (n) =>
    JSON.parse(tsx('feed-limit.ts', String(n), String(reps(7)))) as {
      meetings: number;
      feeds: number;
      bytes: number;
      renderMs: number;
      limitMs: number;
      ratio: number;
      longValuesMs: number;
    },
);

console.log('7. the Lambda bundle');
const lambdaDir = join(scratch, 'lambda');
mkdirSync(lambdaDir);
await build({
  entryPoints: ['functions/lambda/handler.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  outfile: join(lambdaDir, 'index.mjs'),
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});
const bundleFile = join(lambdaDir, 'index.mjs');
const lambda = {
  bundleBytes: statSync(bundleFile).size,
  gzipBytes: gzipSync(readFileSync(bundleFile)).byteLength,
};

console.log('8. publishing to an S3-protocol server (s3rver on loopback)');
const publishing = JSON.parse(tsx('measure-publish.ts')) as Record<
  'first' | 'noop' | 'changed',
  { requests: number; writes: number; deletes: number; bytesSent: number; ms: number }
>;

/**
 * What became of `calendars/all.ics`, from the build's output: the date it runs to when the size
 * budget shortened it ("shortened:"), `withheld` when it is not offered at all ("withheld:"), or null
 * when it covers the whole window.
 */
function allFeedHorizon(stdout: string): string | null {
  if (/^withheld: calendars\/all\.ics:/m.test(stdout)) return 'withheld';
  return /shortened: calendars\/all\.ics runs to (\d{4}-\d{2}-\d{2})/.exec(stdout)?.[1] ?? null;
}

/** Every file of a built site but sigcal's own bookkeeping (`.sigcal/`), with its bytes. */
function siteFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const relative = path.slice(dir.length + 1);
    if (entry.isFile() && !relative.startsWith('.sigcal/')) files.set(relative, readFileSync(path));
  }
  return files;
}

/** Counts of written files by kind: pages, feeds (with their gzip variants), JSON data, the manifest. */
function kindsOf(
  paths: readonly string[],
): Record<'pages' | 'feeds' | 'data' | 'manifest' | 'other', number> {
  const kinds = { pages: 0, feeds: 0, data: 0, manifest: 0, other: 0 };
  for (const p of paths) {
    if (p === 'manifest.json') kinds.manifest += 1;
    else if (p.endsWith('.html')) kinds.pages += 1;
    else if (p.endsWith('.ics') || p.endsWith('.ics.gz')) kinds.feeds += 1;
    else if (p.endsWith('.json')) kinds.data += 1;
    else kinds.other += 1;
  }
  return kinds;
}
const kindsText = (k: ReturnType<typeof kindsOf>) =>
  `${k.pages} pages, ${k.feeds} feeds, ${k.data} JSON, ${k.manifest} manifest${k.other ? `, ${k.other} other` : ''}`;

/** The same file with one scheduled meeting (the first weekly one at 09:00) moved by 15 minutes. */
function changeOneMeeting(text: string): string {
  const changed = text.replace(/time: "09:00"(\n\s+tz: [^\n]+\n\s+frequency: weekly)/, 'time: "09:15"$1');
  if (changed === text) throw new Error('no weekly meeting at 09:00 to change');
  return changed;
}

/** all.ics as the target reads it: whole, withheld (not offered), or shortened to so many days. */
const allFeedText = (horizon: string | null | undefined) =>
  horizon === 'withheld'
    ? 'not offered (a week would not fit; the pages offer the group feeds)'
    : horizon
      ? `runs ${days(horizon)} days`
      : 'the whole window';
const allFeedKept = (horizon: string | null | undefined) =>
  !horizon || horizon === 'withheld' || (days(horizon) ?? 0) >= 7;
const days = (iso: string | null | undefined) =>
  iso ? Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(NOW)) / 86_400_000) : null;
const check = (ok: boolean) => (ok ? '✓' : '✗ missed');
const fiveK = big[0] as (typeof big)[number];
const targets = [
  {
    target: '`sigcal --help` within 2× of `node -e 0`',
    measured: `${help.ratio.toFixed(2)}× (${Math.round(help.ms)} ms vs ${Math.round(help.baselineMs)} ms)`,
    met: help.ratio <= 2,
  },
  {
    target: 'Kubernetes-size build ≤ 0.3 s, or within 3× of `node` reading the file',
    measured: `${Math.round(kube.ms)} ms, ${kube.ratio.toFixed(2)}× (baseline ${Math.round(kube.baselineMs)} ms)`,
    met: kube.ms <= 300 || kube.ratio <= 3,
  },
  ...big.map((b) => ({
    target: `${b.name}: build ≤ 3 s and ≤ 400 MB peak RSS`,
    measured: `${(b.ms / 1000).toFixed(2)} s, ${Math.round(b.rssMB)} MB`,
    met: b.ms <= 3000 && b.rssMB <= 400,
  })),
  {
    target: `documented maximum (${DEFAULT_LIMITS.maxMeetings} meetings) builds within ${LAMBDA_MEMORY_MB} MB`,
    measured: maximum.refused
      ? `refused: ${maximum.refused}`
      : `${((maximum.ms ?? 0) / 1000).toFixed(1)} s, ${Math.round(maximum.rssMB ?? 0)} MB`,
    met: !maximum.refused && (maximum.rssMB ?? Number.POSITIVE_INFINITY) <= LAMBDA_MEMORY_MB,
  },
  {
    target: `the heaviest file the ${DEFAULT_MAX_SITE_BYTES / 1024 ** 2} MiB site budget accepts builds within ${LAMBDA_MEMORY_MB} MB`,
    measured: worst.refused
      ? `refused: ${worst.refused}`
      : `${worst.meetings} meeting pages with a 110 kB header, ${Math.round((worst.bytes ?? 0) / 1e6)} MB built: ${((worst.ms ?? 0) / 1000).toFixed(1)} s, ${Math.round(worst.rssMB ?? 0)} MB`,
    met: !worst.refused && (worst.rssMB ?? Number.POSITIVE_INFINITY) <= LAMBDA_MEMORY_MB,
  },
  {
    target:
      'next-day rebuild, unchanged source: rewrites no page (only feeds whose events changed, and the manifest)',
    measured: `${nextDay.count} files written: ${kindsText(nextDay.kinds)} (same day: ${sameDay.count})`,
    met: sameDay.count === 0 && nextDay.kinds.pages === 0 && nextDay.kinds.other === 0,
  },
  {
    target:
      'one-meeting change writes ≤ 8 objects (its feed and page; its group feed, page and JSON; all.ics and all.json; the manifest)',
    measured: `${oneChange.count} files written: ${oneChange.changed.join(', ')}`,
    met: oneChange.count <= 8 && oneChange.kinds.pages <= 2 && oneChange.kinds.data <= 2,
  },
  {
    target: '`all.ics` keeps at least 7 days (5,000 meetings and the maximum)',
    measured: `${allFeedText(fiveK.allFeed)} at 5,000 (Kubernetes density), ${
      maximum.refused ? 'n/a' : allFeedText(maximum.allFeed)
    } at the maximum`,
    met: allFeedKept(fiveK.allFeed) && (maximum.refused !== undefined || allFeedKept(maximum.allFeed)),
  },
  ...feedRendering.map((f) => ({
    target: `feed rendering within 1.5× of a plain escape-and-fold writer (${f.meetings} meetings)`,
    measured: `${f.ratio}× (${f.renderMs.toFixed(1)} ms vs ${f.limitMs.toFixed(1)} ms)`,
    met: f.ratio <= 1.5,
  })),
];

console.log('writing a site into a folder: first build, every file changed, no-op');
type FolderRun = Record<
  'first' | 'allChanged' | 'noop' | 'plainSequential',
  { ms: number; cpuMs: number }
> & {
  objects: number;
  bytes: number;
};
const folderRuns: FolderRun[] = Array.from({ length: quick ? 1 : 3 }, () =>
  JSON.parse(tsx('measure-folder.ts', quick ? '1000' : '5000', folderParent)),
);
const folder = {
  meetings: quick ? 1000 : 5000,
  objects: (folderRuns[0] as FolderRun).objects,
  bytes: (folderRuns[0] as FolderRun).bytes,
  ...Object.fromEntries(
    (['first', 'allChanged', 'noop', 'plainSequential'] as const).map((k) => [
      k,
      median(folderRuns.map((r) => r[k].ms)),
    ]),
  ),
} as { meetings: number; objects: number; bytes: number } & Record<
  'first' | 'allChanged' | 'noop' | 'plainSequential',
  number
>;

const results = {
  machine: { ...machine, loadAtEnd: +(loadavg()[0] ?? 0).toFixed(2) },
  help,
  kubernetes: { ...kube, stdout: undefined, ...kubeCounts },
  big,
  maximum,
  worst,
  refusals,
  republish: { sameDay, nextDay, oneChange },
  feedRendering,
  lambda,
  publishing,
  targets,
  folder,
  benchSeconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
rmSync(scratch, { recursive: true, force: true });
rmSync(sites, { recursive: true, force: true });

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const lines = [
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.date}; load ${machine.loadAtStart} → ${results.machine.loadAtEnd}; sites written to ${machine.sitesWrittenTo}`,
  '',
  row(['target', 'measured', '']),
  row(['---', '---', '---']),
  ...targets.map((t) => row([t.target, t.measured, check(t.met)])),
  '',
  row([
    'build (whole process)',
    'meetings',
    'groups',
    'occurrences',
    'objects',
    'bytes',
    'ms',
    'peak RSS MB',
  ]),
  row(Array(8).fill('---')),
  row([
    'Kubernetes (fixture)',
    kubeCounts.scheduled + kubeCounts.unscheduled,
    kubeCounts.groups,
    kubeCounts.occurrences,
    kubeCounts.objects,
    kubeCounts.bytes,
    Math.round(kube.ms),
    Math.round(kube.rssMB),
  ]),
  ...big.map((b) =>
    row([
      b.name,
      b.scheduled + b.unscheduled,
      b.groups,
      b.occurrences,
      b.objects,
      b.bytes,
      Math.round(b.ms),
      Math.round(b.rssMB),
    ]),
  ),
  '',
  ...refusals.map(
    (r) =>
      `refused at the node limit (validate): ${r.items} items, ${r.sourceBytes} bytes: ${Math.round(r.ms)} ms, ${Math.round(r.rssMB)} MB peak RSS`,
  ),
  `30 meetings with 10,000-character descriptions: feeds built in ${Math.round(median(feedRendering.map((f) => f.longValuesMs)))} ms`,
  `lambda bundle: ${lambda.bundleBytes} bytes minified (${lambda.gzipBytes} gzipped)`,
  '',
  row(['publish to s3rver (100 meetings)', 'requests', 'writes', 'deletes', 'bytes sent', 'ms']),
  row(Array(6).fill('---')),
  ...(['first', 'noop', 'changed'] as const).map((k) => {
    const p = publishing[k];
    return row([k, p.requests, p.writes, p.deletes, p.bytesSent, Math.round(p.ms)]);
  }),
  '',
  row([
    'folder write',
    'meetings',
    'objects',
    'bytes',
    'first ms',
    'all changed ms',
    'noop ms',
    'plain writer ms',
  ]),
  row(Array(8).fill('---')),
  row([
    folderParent,
    folder.meetings,
    folder.objects,
    folder.bytes,
    folder.first,
    folder.allChanged,
    folder.noop,
    folder.plainSequential,
  ]),
  '',
  `bench took ${results.benchSeconds} s (${runs} processes)`,
];
console.log(lines.join('\n'));
