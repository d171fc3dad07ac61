import type { PublisherResult } from '../../../functions/lambda/publisher.ts';
import type { RunSummary } from '../../../functions/pipeline/pipeline.ts';
import { SITE_URL } from './community.ts';
import type { RunningS3 } from './s3.ts';

/** The environment of a publisher function deployed against `bucket` on the test S3 server. */
export function deploymentEnv(
  s3: RunningS3,
  bucket: string,
  source: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    SIGCAL_SITE_BUCKET: bucket,
    SIGCAL_SITE_PREFIX: 'calendar',
    SIGCAL_SOURCE: source,
    SIGCAL_SITE_URL: SITE_URL,
    SIGCAL_S3_ENDPOINT: s3.endpoint,
    ...extra,
  };
}

/** The run summary of a publish, or a failed test where the run was skipped or is waiting. */
export function published(result: PublisherResult): RunSummary {
  if ('skipped' in result || 'waiting' in result) throw new Error(`not published: ${result.reason}`);
  return result;
}
