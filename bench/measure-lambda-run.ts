/**
 * One sizing measurement for the publisher function, run in a fresh process by bench/sizing.ts (which
 * bundles this file with esbuild first, as the function is bundled, so no TypeScript loader counts
 * towards memory). It runs the function's own pipeline call (runPipeline with gzip variants and
 * keep-going, into an S3 store) against s3rver: a first publish into an empty bucket, then a no-op
 * republish in the same process, as a warm container would. Prints one JSON line.
 *   node measure-lambda-run.mjs <synthetic:N | kubernetes:N | path/to/sigs.yaml>
 */
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildInput, type RunSummary, runPipeline } from '../functions/pipeline/pipeline.ts';
import { createS3Client, S3Store } from '../functions/store/s3-store.ts';
import { CREDENTIALS, REGION, startS3 } from '../test/integration/support/s3.ts';
import { scaledCommunity } from '../test/support/scaled.ts';
import { syntheticSigsYaml } from '../test/support/synthetic.ts';

const what = process.argv[2] ?? 'synthetic:100';
const [kind, count] = what.split(':');
let path = what;
if (kind === 'synthetic' || kind === 'kubernetes') {
  const n = Number(count);
  path = join(tmpdir(), `sigcal-sizing-${kind}-${n}.yaml`);
  const text =
    kind === 'synthetic'
      ? syntheticSigsYaml(n, 3)
      : // The Kubernetes-shaped fixture, its groups repeated n times (102 meetings each): real density.
        scaledCommunity(await readFile('test/fixtures/kubernetes/sigs.yaml', 'utf8'), n);
  await writeFile(path, text);
}

const s3 = await startS3();
try {
  await s3.createBucket('site');
  // The function's own client settings (retries, timeouts), pointed at s3rver.
  const client = createS3Client({ endpoint: s3.endpoint, region: REGION, credentials: CREDENTIALS });
  let requests = 0;
  client.middlewareStack.add(
    (next) => async (args) => {
      requests += 1;
      return next(args);
    },
    { step: 'finalizeRequest', name: 'sigcalSizingCounter' },
  );
  const store = new S3Store(client, 'site');
  const run = async () => {
    requests = 0;
    const started = performance.now();
    let builtAt = started;
    let built = { objects: 0, bytes: 0, occurrences: 0 };
    const summary: RunSummary = await runPipeline(
      {
        trigger: 'scheduled',
        source: { kind: 'file', path },
        overlay: null,
        input: buildInput({
          now: new Date('2026-11-30T12:00:00Z'),
          siteUrl: 'https://calendar.example.org/',
          keepGoing: true,
          // The documented maximum is measured even where today's page budget would refuse it.
          maxPageChars: Number.MAX_SAFE_INTEGER,
        }),
        gzipVariants: true,
      },
      store,
      {},
      {
        onProgress: (p) => {
          if (p.kind === 'built') {
            builtAt = performance.now();
            const { objects, bytes, occurrences } = p.summary;
            built = { objects, bytes, occurrences };
          }
        },
      },
    );
    const ended = performance.now();
    return {
      ...built,
      buildMs: Math.round(builtAt - started),
      syncMs: Math.round(ended - builtAt),
      requests,
      written: summary.written,
      unchanged: summary.unchanged,
      bytesWritten: summary.bytesWritten,
      meetings: summary.meetings,
    };
  };
  const first = await run();
  const noop = await run();
  process.stdout.write(
    `${JSON.stringify({ what, first, noop, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
  );
} finally {
  await s3.close();
}
