/**
 * `npm run bench:sizing`: what the publisher function needs, in memory and time, by community size —
 * the figures behind the memory/timeout defaults and the sizing table in docs/deploy.md. Each size runs
 * in a fresh process (bench/measure-lambda-run.ts, bundled by esbuild as the function is) against
 * s3rver: a first publish into an empty bucket, then a no-op republish. Never part of the tests.
 *   tsx bench/sizing.ts [synthetic:N | kubernetes:N | path/to/sigs.yaml …]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { REQUIRE_BANNER } from '../bin/build-cli.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Inside the repository, so the bundle resolves s3rver (kept external) from node_modules.
const outdir = join(root, 'node_modules', '.cache', 'sigcal-sizing');
mkdirSync(outdir, { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ['bench/measure-lambda-run.ts'],
  outfile: join(outdir, 'measure-lambda-run.mjs'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['s3rver'],
  banner: { js: REQUIRE_BANNER },
  logLevel: 'warning',
});
// The s3rver launcher is found next to the code that starts it.
// The s3rver child process and the conditional writes it adds (s3rver lacks them) run beside the bundle.
for (const file of ['s3rver-process.mjs', 'conditional-writes.mjs']) {
  copyFileSync(join(root, 'test/integration/support', file), join(outdir, file));
}

const cases = process.argv.slice(2);
const sizes =
  cases.length > 0
    ? cases
    : [
        'test/fixtures/kubernetes/sigs.yaml',
        'synthetic:100',
        'synthetic:1000',
        'synthetic:5000',
        // The documented maximum (5,000 meetings) at Kubernetes' density.
        'kubernetes:49',
      ];

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GB, ` +
    `Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
);
console.log(
  '| source | meetings (left out) | objects | MB | peak RSS MB | first: build s | first: sync s | first: requests | no-op: build s | no-op: sync s | no-op: requests |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const what of sizes) {
  const out = execFileSync(process.execPath, [join(outdir, 'measure-lambda-run.mjs'), what], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const r = JSON.parse(out.trim().split('\n').pop() as string);
  const m = r.first.meetings;
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(
    `| ${what} | ${m.scheduled + m.unscheduled} (${m.leftOut}) | ${r.first.objects} | ${(r.first.bytes / 1e6).toFixed(1)} | ` +
      `${r.maxRssMB} | ${s(r.first.buildMs)} | ${s(r.first.syncMs)} | ${r.first.requests} | ` +
      `${s(r.noop.buildMs)} | ${s(r.noop.syncMs)} | ${r.noop.requests} |`,
  );
}
