import type { RunSummary } from '../pipeline/pipeline.ts';

/*
 * What `publish` and `republish` print, and the region they both resolve: a module of its own so that
 * `republish`, which only invokes the function, loads neither the S3 client nor the pipeline.
 */

/** `published to s3://b/p/: written 3 (12.5 kB), unchanged 40, deleted 1 in 0.8 s (…)` */
export function formatSummary(summary: RunSummary): string {
  const counts =
    `${summary.dryRun ? 'would write' : 'written'} ${summary.written} (${formatBytes(summary.bytesWritten)}), ` +
    `unchanged ${summary.unchanged}, ${summary.dryRun ? 'would delete' : 'deleted'} ${summary.deleted} ` +
    `in ${(summary.durationMs / 1000).toFixed(1)} s`;
  const meetings =
    `${summary.meetings.scheduled} scheduled, ${summary.meetings.unscheduled} unscheduled, ` +
    `${summary.meetings.leftOut} left out`;
  return summary.dryRun
    ? `dry run for ${summary.target}: ${counts} (${meetings}); nothing was written`
    : `published to ${summary.target}: ${counts} (${meetings})`;
}

/** `812 B`, `12.5 kB`, `3.1 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  return bytes < 1_000_000 ? `${(bytes / 1000).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The AWS region: `--region`, then the SDK's environment variables, then us-east-1 for a local endpoint. */
export function regionOf(
  values: { readonly region?: string | undefined; readonly endpoint?: string | undefined },
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  return (
    values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (values.endpoint ? 'us-east-1' : undefined)
  );
}
