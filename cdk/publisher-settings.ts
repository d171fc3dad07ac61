import { daysProblem, MAX_WINDOW_DAYS } from '../functions/shared/operator-inputs.ts';

/**
 * What a deployment can choose, read from CDK context (`cdk.json` or `-c key=value`) and checked before
 * any construct is built, so a typo fails `cdk synth` with one message instead of a broken deployment.
 */

/** Where the function reads `sigs.yaml` from. */
export type SourceSetting =
  /** The repository's own `sigs.yaml` (and `schedule.yaml`, when present), shipped inside the bundle. */
  | { readonly kind: 'bundled' }
  /** `sigs.yaml` in a bucket this stack creates; uploading it (or the overlay) republishes. */
  | { readonly kind: 's3'; readonly overlayKey?: string }
  /** A public https URL, fetched on every scheduled run (e.g. a raw GitHub URL). */
  | { readonly kind: 'https'; readonly url: string; readonly overlayUrl?: string };

/** A custom domain for the site; the certificate must be an ACM certificate in us-east-1. */
export interface DomainSetting {
  readonly name: string;
  readonly certificateArn: string;
}

export interface PublisherSettings {
  readonly stackName: string;
  readonly source: SourceSetting;
  /** An EventBridge schedule expression: `rate(…)` or `cron(…)`. */
  readonly schedule: string;
  readonly daysBefore?: number;
  readonly daysAfter?: number;
  /** Publish the rest of the site when single meetings are invalid (the function's default). */
  readonly keepGoing: boolean;
  readonly domain?: DomainSetting;
  readonly alarmEmail?: string;
  /** The function's memory in MB; CPU grows with it (one vCPU at 1,769 MB). */
  readonly memorySize: number;
  /** The function's timeout in seconds. */
  readonly timeoutSeconds: number;
}

/** The context keys this app reads, with what each accepts (shown in error messages and docs). */
export const CONTEXT_KEYS = {
  stackName: 'CloudFormation stack name (default Sigcal)',
  source: '"bundled" (default), "s3", or an https:// URL of sigs.yaml',
  overlay: 'schedule.yaml overlay: an object key in the source bucket (s3) or an https:// URL (https)',
  schedule: 'EventBridge schedule expression, default "rate(1 hour)"',
  daysBefore: `days of past meetings kept in feeds (0–${MAX_WINDOW_DAYS})`,
  daysAfter: `days of future meetings published (1–${MAX_WINDOW_DAYS})`,
  keepGoing: 'true (default) or false: leave out invalid meetings instead of failing the run',
  domainName: 'custom domain for the site, e.g. calendar.example.org (needs certificateArn)',
  certificateArn: 'ACM certificate ARN in us-east-1 covering domainName',
  alarmEmail: 'e-mail address subscribed to the alarm topic',
  memorySize: 'the function memory in MB, 128–10240 (default 3008; see the sizing table in docs/deploy.md)',
  timeout: 'the function timeout in seconds, 10–900 (default 900)',
} as const;

export type ContextKey = keyof typeof CONTEXT_KEYS;

/** The context named problems, one per key; the message lists them all. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid sigcal context: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

export const DEFAULT_STACK_NAME = 'Sigcal';
export const DEFAULT_SCHEDULE = 'rate(1 hour)';
/**
 * Enough for the documented maximum community (20,000 meetings; docs/deploy.md has the measurements),
 * and no more than the 3,008 MB that new accounts may be limited to until they ask for more.
 */
export const DEFAULT_MEMORY_MB = 3008;
/** Lambda's maximum: a first publish of the largest community writes tens of thousands of objects. */
export const DEFAULT_TIMEOUT_SECONDS = 900;
/** The object key the function reads in the source bucket. */
export const SOURCE_KEY = 'sigs.yaml';

/**
 * Reads and checks the settings. `get` is `(key) => app.node.tryGetContext(key)`; values from the
 * command line are strings, values from cdk.json may be numbers or booleans.
 */
export function readPublisherSettings(get: (key: ContextKey) => unknown): PublisherSettings {
  const problems: string[] = [];
  const text = (key: ContextKey): string | undefined => {
    const value = get(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      problems.push(`${key}: expected ${CONTEXT_KEYS[key]}, got ${JSON.stringify(value)}`);
      return undefined;
    }
    const trimmed = String(value).trim();
    return trimmed === '' ? undefined : trimmed;
  };
  const bad = (key: ContextKey, value: string) =>
    problems.push(`${key} "${value}" is not valid: expected ${CONTEXT_KEYS[key]}`);

  const stackName = text('stackName') ?? DEFAULT_STACK_NAME;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) bad('stackName', stackName);

  const source = readSource(text('source') ?? 'bundled', text('overlay'), problems);

  const schedule = text('schedule') ?? DEFAULT_SCHEDULE;
  if (!/^(rate|cron)\(.+\)$/.test(schedule)) bad('schedule', schedule);

  const days = (key: 'daysBefore' | 'daysAfter'): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    // The function's own check of SIGCAL_DAYS_* (operator-inputs.ts imports nothing, like site-contract).
    if (daysProblem(value, key === 'daysAfter' ? 1 : 0)) {
      bad(key, value);
      return undefined;
    }
    return Number(value);
  };
  const daysBefore = days('daysBefore');
  const daysAfter = days('daysAfter');

  const keepGoingText = text('keepGoing')?.toLowerCase() ?? 'true';
  if (keepGoingText !== 'true' && keepGoingText !== 'false') bad('keepGoing', keepGoingText);

  const domain = readDomain(text('domainName'), text('certificateArn'), problems);

  const alarmEmail = text('alarmEmail');
  if (alarmEmail !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail))
    bad('alarmEmail', alarmEmail);

  const whole = (key: 'memorySize' | 'timeout', min: number, max: number, fallback: number): number => {
    const value = text(key);
    if (value === undefined) return fallback;
    if (!/^\d{1,5}$/.test(value) || Number(value) < min || Number(value) > max) {
      bad(key, value);
      return fallback;
    }
    return Number(value);
  };
  const memorySize = whole('memorySize', 128, 10_240, DEFAULT_MEMORY_MB);
  const timeoutSeconds = whole('timeout', 10, 900, DEFAULT_TIMEOUT_SECONDS);

  if (problems.length > 0) throw new SettingsError(problems);
  return {
    stackName,
    source,
    schedule,
    ...(daysBefore !== undefined ? { daysBefore } : {}),
    ...(daysAfter !== undefined ? { daysAfter } : {}),
    keepGoing: keepGoingText === 'true',
    ...(domain ? { domain } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
    memorySize,
    timeoutSeconds,
  };
}

function readSource(source: string, overlay: string | undefined, problems: string[]): SourceSetting {
  if (source === 'bundled') {
    if (overlay !== undefined) {
      problems.push(
        'overlay: a bundled source ships schedule.yaml automatically when it exists; remove overlay',
      );
    }
    return { kind: 'bundled' };
  }
  if (source === 's3') {
    if (overlay === undefined) return { kind: 's3' };
    // A plain key: the function reads exactly s3://<source bucket>/<key>, and the notification matches it.
    if (
      !/^[A-Za-z0-9!_.*'()-][A-Za-z0-9!_.*'()/-]{0,1023}$/.test(overlay) ||
      overlay.split('/').includes('..')
    ) {
      problems.push(`overlay "${overlay}" is not an object key (e.g. schedule.yaml)`);
    } else if (overlay === SOURCE_KEY) {
      problems.push(`overlay must not be the source key ${SOURCE_KEY}`);
    }
    return { kind: 's3', overlayKey: overlay };
  }
  if (isHttpsUrl(source)) {
    if (overlay !== undefined && !isHttpsUrl(overlay)) {
      problems.push(
        `overlay "${overlay}" is not an https:// URL (with an https source, the overlay is fetched too)`,
      );
    }
    return { kind: 'https', url: source, ...(overlay !== undefined ? { overlayUrl: overlay } : {}) };
  }
  problems.push(`source "${source}" is not valid: expected ${CONTEXT_KEYS.source}`);
  return { kind: 'bundled' };
}

function readDomain(
  name: string | undefined,
  certificateArn: string | undefined,
  problems: string[],
): DomainSetting | undefined {
  if (name === undefined && certificateArn === undefined) return undefined;
  if (name === undefined || certificateArn === undefined) {
    problems.push('domainName and certificateArn go together: set both or neither');
    return undefined;
  }
  if (!/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(name)) {
    problems.push(`domainName "${name}" is not a lower-case DNS name`);
  }
  const arn = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn);
  if (!arn) {
    problems.push(`certificateArn "${certificateArn}" is not an ACM certificate ARN`);
  } else if (arn[1] !== 'us-east-1') {
    // CloudFront only accepts certificates from us-east-1, whatever region the stack is in.
    problems.push(`certificateArn is in ${arn[1]}: CloudFront needs an ACM certificate in us-east-1`);
  }
  return { name, certificateArn };
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
