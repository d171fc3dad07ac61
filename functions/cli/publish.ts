import { parseArgs } from 'node:util';
import { type PipelineProgress, runPipeline } from '../pipeline/pipeline.ts';
import { prefixProblem } from '../shared/operator-inputs.ts';
import { createS3Client, normalisePrefix, S3Store } from '../store/s3-store.ts';
import { refusePlan, type SyncPlan } from '../store/sync.ts';
import { UsageError } from './args.ts';
import { formatBuildSummary } from './build.ts';
import { BUILD_OPTIONS, BUILD_OPTIONS_HELP, buildInputOf, checkBuildValues } from './build-options.ts';
import type { CliIo } from './io.ts';
import { LEASE_OPTIONS, LEASE_OPTIONS_HELP, leaseOptionsOf } from './lease-options.ts';
import { cliReaders, sourceAddresses } from './sources.ts';
import { formatBytes, formatSummary, regionOf } from './summary-lines.ts';
import { keptLine, waitingLine } from './sync-lines.ts';

export const PUBLISH_HELP = `Usage: sigcal publish --bucket NAME [options] [build options]

Builds the site in memory and syncs it to an S3 bucket (AWS or any S3-compatible endpoint): writes
only new or changed objects, feeds and assets first and manifest.json last, then deletes what earlier
runs published and this site no longer has. Nothing is written when the source is invalid, and an
object sigcal did not write is never overwritten or deleted. One run writes at a time: a run that
finds another publishing to the same place waits for it (--wait).

  --bucket NAME        bucket to publish to (required)
  --prefix P           key prefix inside the bucket (default: the bucket root)
  --endpoint URL       S3-compatible endpoint, addressed path-style (default: AWS)
  --region R           default: AWS_REGION, the AWS profile, or us-east-1 with --endpoint
  --dry-run            print what would be written and deleted; write nothing
  --allow-mass-delete  allow deleting more than half of the published objects
${LEASE_OPTIONS_HELP}
--site-url defaults to the bucket's own URL; give your CDN's address.

${BUILD_OPTIONS_HELP}`;

/**
 * `sigcal publish`: build + sync to S3, one progress line per phase on stderr, the summary on stdout.
 * Errors are thrown for cli.ts to report: usage, source and validation errors exit 2; a refused mass
 * delete, a failed write and other failures exit 1.
 */
export async function runPublish(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      ...BUILD_OPTIONS,
      ...LEASE_OPTIONS,
      bucket: { type: 'string' },
      prefix: { type: 'string' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'allow-mass-delete': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(PUBLISH_HELP);
    return 0;
  }
  if (!values.bucket) throw new UsageError('--bucket is required');
  const prefixWrong = values.prefix === undefined ? undefined : prefixProblem(values.prefix);
  if (prefixWrong) throw new UsageError(`--prefix "${values.prefix}" ${prefixWrong}`);
  const lease = leaseOptionsOf(values, 'publish');
  if (values.endpoint !== undefined && !/^https?:\/\/[^/]/.test(values.endpoint)) {
    throw new UsageError(`--endpoint "${values.endpoint}" is not an http(s) URL`);
  }
  const region = regionOf(values, io.env);
  const addresses = sourceAddresses(values);
  const prefix = normalisePrefix(values.prefix);
  const defaultSiteUrl = values.endpoint
    ? `${values.endpoint.replace(/\/+$/, '')}/${values.bucket}/${prefix}`
    : `https://${values.bucket}.s3.${region ?? 'us-east-1'}.amazonaws.com/${prefix}`;
  checkBuildValues(values, { clock: io.now, defaultSiteUrl });
  const line = (text: string) => io.stderr.write(`${text}\n`);
  if (!values['site-url']) line(`site URL: ${defaultSiteUrl} (give your CDN's address with --site-url)`);

  const client = createS3Client({
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    ...(region ? { region } : {}),
  });
  try {
    let plan: SyncPlan | undefined;
    const summary = await runPipeline(
      {
        trigger: 'cli',
        ...addresses,
        input: (sources, previous) =>
          buildInputOf(values, sources, { clock: io.now, previous, defaultSiteUrl }),
        // The same objects as the deployed function publishes, so either can update the same bucket.
        gzipVariants: true,
      },
      new S3Store(client, values.bucket, prefix),
      cliReaders({ client, allowPrivateSource: values['allow-private-source'] }),
      {
        dryRun: values['dry-run'],
        allowMassDelete: values['allow-mass-delete'],
        lease,
        onProgress: (p) => {
          if (p.kind === 'planned') plan = p.plan;
          reportProgress(p, values['dry-run'], line);
        },
      },
    );
    // A dry run reports what the real run would do, including being refused.
    if (plan) refusePlan(plan, { allowMassDelete: values['allow-mass-delete'] });
    io.stdout.write(`${formatSummary(summary)}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}

/** One line per phase; for a dry run, the whole plan. */
function reportProgress(p: PipelineProgress, dryRun: boolean, line: (text: string) => void): void {
  switch (p.kind) {
    case 'source': {
      const { file } = p.source.text;
      const version = `sha256 ${p.source.sha256.slice(0, 12)}${p.source.notModified ? ', not modified' : ''}`;
      line(`${p.role}: ${file} (${version})`);
      return;
    }
    case 'built':
      line(formatBuildSummary(p.summary).trimEnd());
      return;
    case 'waiting':
      line(waitingLine(p.holder));
      return;
    case 'planned': {
      const { plan } = p;
      const count = (reason: 'new' | 'changed') => plan.writes.filter((w) => w.reason === reason).length;
      line(
        `plan for ${plan.target}: ${count('new')} new, ${count('changed')} changed, ${plan.unchanged} unchanged, ` +
          `${plan.deletes.length} to delete`,
      );
      if (dryRun) {
        for (const w of plan.writes)
          line(`  would write  ${w.reason.padEnd(7)} ${w.path} (${formatBytes(w.bytes)})`);
        for (const path of plan.deletes) line(`  would delete         ${path}`);
        for (const c of plan.collisions)
          line(
            `  in the way           ${c.path} (${c.reason === 'modified' ? 'changed since sigcal wrote it' : 'not written by sigcal'})`,
          );
      }
      for (const path of plan.kept) line(keptLine(path));
      return;
    }
    case 'writing':
      line(`writing ${p.phase}: ${p.count}`);
      return;
    case 'deleting':
      line(`deleting: ${p.count}`);
      return;
  }
}
