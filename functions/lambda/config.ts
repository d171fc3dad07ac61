import type { WindowOptions } from '../core/window.ts';
import { daysProblem, prefixProblem } from '../shared/operator-inputs.ts';
import { parseSourceAddress, type SourceAddress } from '../sources/source-address.ts';
import { normalisePrefix } from '../store/s3-store.ts';

/** Everything the publisher function needs, read once from its environment at cold start. */
export interface PublisherConfig {
  readonly bucket: string;
  /** Normalised: empty, or ending in "/". */
  readonly prefix: string;
  readonly source: SourceAddress;
  readonly overlay: { readonly location: SourceAddress; readonly required: boolean } | null;
  readonly siteUrl: string;
  readonly window: WindowOptions;
  readonly keepGoing: boolean;
  /** An S3-compatible endpoint for the site and `s3://` sources (tests); null for AWS. */
  readonly s3Endpoint: string | null;
  /** Where bundled sources are looked for, in order. */
  readonly bundleDirectories: readonly (string | URL)[];
  /** Let an https source reach private addresses (`SIGCAL_ALLOW_PRIVATE_SOURCE`, default false). */
  readonly allowPrivateSource: boolean;
}

/** The environment does not describe a usable configuration; the message lists every problem. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid publisher configuration: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

/**
 * Reads and checks the publisher's environment (see docs/publish.md for the variables). Throws one
 * {@link ConfigError} naming every missing or invalid variable.
 * `bundleDirectory` is where the deployed bundle lives (the handler passes its own directory).
 */
export function readPublisherConfig(env: NodeJS.ProcessEnv, bundleDirectory: string | URL): PublisherConfig {
  const problems: string[] = [];
  const value = (name: string) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const required = (name: string, what: string) => {
    const v = value(name);
    if (v === undefined) problems.push(`${name} is required (${what})`);
    return v ?? '';
  };

  const bucket = required('SIGCAL_SITE_BUCKET', 'the bucket the site is published to');
  if (bucket && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    problems.push(`SIGCAL_SITE_BUCKET "${bucket}" is not an S3 bucket name`);
  }
  const location = (name: string, bundledName: string) => {
    const v = value(name);
    if (v === undefined) return undefined;
    try {
      return parseSourceAddress(v, { bundledName, allowFile: false });
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      return undefined;
    }
  };
  if (value('SIGCAL_SOURCE') === undefined) {
    problems.push('SIGCAL_SOURCE is required ("bundled", s3://bucket/key or https://…)');
  }
  const source = location('SIGCAL_SOURCE', 'sigs.yaml');
  const explicitOverlay = location('SIGCAL_OVERLAY', 'schedule.yaml');
  // A bundled source brings its bundled schedule.yaml along when one was shipped.
  const overlay = explicitOverlay
    ? { location: explicitOverlay, required: true }
    : source?.kind === 'bundled' && value('SIGCAL_OVERLAY') === undefined
      ? { location: { kind: 'bundled' as const, name: 'schedule.yaml' }, required: false }
      : null;

  const siteUrl = required('SIGCAL_SITE_URL', 'the public URL of the site, for subscribe links');
  if (siteUrl && !isHttpUrl(siteUrl)) problems.push(`SIGCAL_SITE_URL "${siteUrl}" is not an http(s) URL`);
  const endpoint = value('SIGCAL_S3_ENDPOINT');
  if (endpoint !== undefined && !isHttpUrl(endpoint)) {
    problems.push(`SIGCAL_S3_ENDPOINT "${endpoint}" is not an http(s) URL`);
  }

  const days = (name: string, min: number) => {
    const v = value(name);
    if (v === undefined) return undefined;
    const problem = daysProblem(v, min);
    if (problem) {
      problems.push(`${name} "${v}" ${problem}`);
      return undefined;
    }
    return Number(v);
  };
  const daysBefore = days('SIGCAL_DAYS_BEFORE', 0);
  const daysAfter = days('SIGCAL_DAYS_AFTER', 1);
  const prefix = value('SIGCAL_SITE_PREFIX');
  const prefixWrong = prefix === undefined ? undefined : prefixProblem(prefix);
  if (prefixWrong) problems.push(`SIGCAL_SITE_PREFIX "${prefix}" ${prefixWrong}`);

  const flag = (name: string, fallback: boolean): boolean => {
    const v = value(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    problems.push(`${name} "${v}" is not true or false`);
    return fallback;
  };
  const allowPrivateSource = flag('SIGCAL_ALLOW_PRIVATE_SOURCE', false);

  const keepGoing = flag('SIGCAL_KEEP_GOING', true);

  if (problems.length > 0 || source === undefined) throw new ConfigError(problems);
  const taskRoot = value('LAMBDA_TASK_ROOT');
  return {
    bucket,
    prefix: normalisePrefix(prefix),
    source,
    overlay,
    siteUrl,
    window: {
      ...(daysBefore !== undefined ? { daysBefore } : {}),
      ...(daysAfter !== undefined ? { daysAfter } : {}),
    },
    keepGoing,
    s3Endpoint: endpoint ?? null,
    bundleDirectories: [bundleDirectory, ...(taskRoot ? [taskRoot] : [])],
    allowPrivateSource,
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
