/**
 * `npm run bench`: how fast sigcal is, how it scales, and how far from the limit. Every figure is the
 * median of several runs; builds run in fresh processes so peak RSS belongs to one build. Prints a
 * table and writes bench/results.json. Timings live here, never in tests.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const quick = process.argv.includes('--quick');
const median = (xs: readonly number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const tsx = (script: string, ...args: string[]): string =>
  execFileSync(process.execPath, ['--import', 'tsx', join('bench', script), ...args], {
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });

interface BuildRun {
  meetings: number;
  groups: number;
  occurrences: number;
  objects: number;
  bytes: number;
  times: number[];
  maxRssMB: number;
}

/** `processes` fresh processes × `runs` builds each; time = median of the warm runs, RSS = median peak. */
function measureBuild(what: string, processes: number, runs: number) {
  const results = Array.from(
    { length: processes },
    () => JSON.parse(tsx('measure-build.ts', what, String(runs))) as BuildRun,
  );
  const first = results[0] as BuildRun;
  const warm = results.flatMap((r) => (r.times.length > 1 ? r.times.slice(1) : r.times));
  const ms = median(warm);
  return {
    meetings: first.meetings,
    groups: first.groups,
    occurrences: first.occurrences,
    objects: first.objects,
    bytes: first.bytes,
    coldMs: median(results.map((r) => r.times[0] as number)),
    ms,
    occurrencesPerSecond: Math.round(first.occurrences / (ms / 1000)),
    peakRssMB: Math.round(median(results.map((r) => r.maxRssMB))),
  };
}

const started = Date.now();
const machine = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  node: process.version,
  date: new Date().toISOString().slice(0, 10),
};

console.log('real size: a Kubernetes-size community (sigs.yaml-shaped, ~100 meetings across ~33 groups)');
const realSize = measureBuild('100', quick ? 1 : 3, quick ? 3 : 7);

console.log('scaling: 100, 1,000 and 5,000 meetings');
const scaling = [100, 1000, 5000].map((n) =>
  measureBuild(String(n), quick || n === 5000 ? 1 : 3, quick ? 2 : n === 5000 ? 3 : 5),
);
const growth = scaling.slice(1).map((s, i) => {
  const prev = scaling[i] as (typeof scaling)[number];
  return {
    from: prev.meetings,
    to: s.meetings,
    occurrencesRatio: +(s.occurrences / prev.occurrences).toFixed(2),
    timeRatio: +(s.ms / prev.ms).toFixed(2),
  };
});

console.log('the limit: feed rendering against plain string concatenation of the same bytes');
const limits = [100, 1000].map((n) => {
  const r = JSON.parse(tsx('feed-limit.ts', String(n), quick ? '3' : '7')) as {
    meetings: number;
    feeds: number;
    bytes: number;
    renderMs: number;
    limitMs: number;
  };
  return { ...r, ratio: +(r.renderMs / r.limitMs).toFixed(1) };
});

console.log('lambda: minified bundle and cold import');
const outdir = mkdtempSync(join(tmpdir(), 'sigcal-bench-'));
await build({
  entryPoints: ['functions/lambda/handler.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  outfile: join(outdir, 'index.mjs'),
  banner: {
    js: "import { createRequire as sigcalCreateRequire } from 'node:module'; const require = sigcalCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const bundle = join(outdir, 'index.mjs');
const bundleBytes = statSync(bundle).size;
const gzipBytes = gzipSync(readFileSync(bundle)).byteLength;
const importTimes = Array.from({ length: quick ? 3 : 7 }, () => {
  const out = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log(performance.now() - t);`,
    ],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        SIGCAL_SITE_BUCKET: 'bench',
        SIGCAL_SOURCE: 'https://example.org/sigs.yaml',
        SIGCAL_SITE_URL: 'https://meetings.example.org/',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    },
  );
  return Number(out.trim());
});
const lambda = { bundleBytes, gzipBytes, coldImportMs: +median(importTimes).toFixed(1) };

console.log('publishing against s3rver: first publish, no-op republish, one-meeting change');
const publishing = JSON.parse(tsx('measure-publish.ts'));

console.log('writing a site into a folder: first build, every file changed, no-op');
// On a RAM-backed file system where there is one, so other processes' disk writes stay out of it.
const folderParent = statSync('/dev/shm', { throwIfNoEntry: false })?.isDirectory() ? '/dev/shm' : tmpdir();
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
  machine,
  realSize,
  scaling,
  growth,
  limits,
  lambda,
  publishing,
  folder,
  benchSeconds: Math.round((Date.now() - started) / 1000),
};
writeFileSync('bench/results.json', `${JSON.stringify(results, null, 2)}\n`);

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const lines = [
  `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.date}`,
  '',
  row([
    'build',
    'meetings',
    'groups',
    'occurrences',
    'objects',
    'bytes',
    'cold ms',
    'warm ms',
    'occ/s',
    'peak RSS MB',
  ]),
  row(Array(10).fill('---')),
  ...[
    { name: 'Kubernetes-size', ...realSize },
    ...scaling.map((s) => ({ name: `synthetic ${s.meetings}`, ...s })),
  ].map((s) =>
    row([
      s.name,
      s.meetings,
      s.groups,
      s.occurrences,
      s.objects,
      s.bytes,
      Math.round(s.coldMs),
      Math.round(s.ms),
      s.occurrencesPerSecond,
      s.peakRssMB,
    ]),
  ),
  '',
  ...growth.map(
    (g) => `growth ${g.from} → ${g.to} meetings: occurrences ×${g.occurrencesRatio}, time ×${g.timeRatio}`,
  ),
  '',
  row(['feed rendering', 'feeds', 'bytes', 'sigcal ms', 'concat ms', 'ratio']),
  row(Array(6).fill('---')),
  ...limits.map((l) =>
    row([
      `${l.meetings} meetings`,
      l.feeds,
      l.bytes,
      l.renderMs.toFixed(1),
      l.limitMs.toFixed(2),
      `${l.ratio}×`,
    ]),
  ),
  '',
  `lambda bundle: ${lambda.bundleBytes} bytes minified (${lambda.gzipBytes} gzipped); cold import ${lambda.coldImportMs} ms`,
  '',
  row(['publish (100 meetings)', 'requests', 'writes', 'deletes', 'bytes sent', 'ms']),
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
  `bench took ${results.benchSeconds} s`,
];
console.log(lines.join('\n'));
