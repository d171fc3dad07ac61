import type { ParseArgsConfig } from 'node:util';
import type { SourceText } from '../core/community.ts';
import { DEFAULT_BUDGET } from '../core/feed-budget.ts';
import type { BuildInput } from '../pipeline/build.ts';
import { type Manifest, previousStamps } from '../pipeline/manifest.ts';
import { daysProblem, MAX_WINDOW_DAYS, refreshProblem } from '../shared/operator-inputs.ts';
import { parseNow, UsageError } from './args.ts';
import { SOURCE_FLAGS, SOURCE_OPTIONS_HELP } from './sources.ts';

/** Options shared by every command that builds the site (`build`, `publish`). */
export const BUILD_OPTIONS = {
  ...SOURCE_FLAGS,
  now: { type: 'string' },
  'site-url': { type: 'string' },
  'keep-going': { type: 'boolean', default: false },
  title: { type: 'string' },
  refresh: { type: 'string' },
  'days-before': { type: 'string' },
  'days-after': { type: 'string' },
  'max-events': { type: 'string' },
  'max-bytes': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const BUILD_OPTIONS_HELP = `Build options:
${SOURCE_OPTIONS_HELP}  --now ISO            the build's "now" (default: the current time)
  --site-url URL       public URL of the site, for subscribe links and feed URLs
  --keep-going         leave out meetings with invalid fields instead of failing
  --title TEXT         the community's name, for page titles and calendar names ("Kubernetes SIG
                       Node"); wins over community: in sigs.yaml (default: none, "Community meetings")
  --refresh DURATION   how often calendar apps should refresh, ISO 8601 (default PT6H)
  --days-before N      days of past meetings to keep (default 28, at most ${MAX_WINDOW_DAYS})
  --days-after N       days ahead to publish (default 182, at most ${MAX_WINDOW_DAYS})
  --max-events N       feed budget: events per feed (default 1000)
  --max-bytes N        feed budget: bytes per feed (default 921600, at least 16384)
`;

type BuildValues = {
  [K in keyof typeof BUILD_OPTIONS]?: (typeof BUILD_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string;
};

/**
 * The smallest feed budget `--max-bytes` takes: a feed's header (about 1 kB with a shortened note) and a
 * few events of the longest descriptions sigcal accepts. Below it, feeds would be published empty.
 */
export const MIN_FEED_BYTES = 16 * 1024;

function wholeNumber(name: string, value: string | undefined, min = 1): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) {
    throw new UsageError(`--${name} "${value}" is not a whole number of at least ${min}`);
  }
  return Number(value);
}

function windowDays(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const problem = daysProblem(value, min);
  if (problem) throw new UsageError(`--${name} "${value}" ${problem}`);
  return Number(value);
}

function siteUrlOf(value: string | undefined, fallback: string): string {
  const url = value ?? fallback;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new UsageError(`--site-url "${url}" is not an http(s) URL`);
  }
  return url;
}

/**
 * Checks every build option, throwing the {@link UsageError} of the first that is wrong: commands call
 * it before they read or connect to anything, so a typo costs nothing.
 */
export function checkBuildValues(
  values: BuildValues,
  context: { clock: () => Date; defaultSiteUrl: string },
): void {
  buildInputOf(values, { source: { file: '', text: '' } }, { ...context, previous: null });
}

/**
 * Turns parsed build options and already-read sources into a {@link BuildInput}. The DTSTAMP is kept
 * from `previous` (the published manifest) while the sources are unchanged.
 */
export function buildInputOf(
  values: BuildValues,
  sources: { source: SourceText; overlay?: SourceText },
  context: { clock: () => Date; previous: Manifest | null; defaultSiteUrl: string },
): BuildInput {
  const now = parseNow(values.now, context.clock);
  const maxEvents = wholeNumber('max-events', values['max-events']);
  const maxBytes = wholeNumber('max-bytes', values['max-bytes']);
  if (maxBytes !== undefined && maxBytes < MIN_FEED_BYTES) {
    throw new UsageError(
      `--max-bytes "${values['max-bytes']}" is below ${MIN_FEED_BYTES}: a feed needs room for its header and ` +
        `a day of meetings (calendar apps take about 1 MB; the default is ${DEFAULT_BUDGET.maxBytes})`,
    );
  }
  const daysBefore = windowDays('days-before', values['days-before'], 0);
  const daysAfter = windowDays('days-after', values['days-after'], 1);
  const refresh = values.refresh === undefined ? undefined : refreshProblem(values.refresh);
  if (refresh) throw new UsageError(`--refresh "${values.refresh}" ${refresh}`);
  return {
    ...sources,
    options: {
      now,
      stamp: now,
      previousStamps: previousStamps(context.previous),
      siteUrl: siteUrlOf(values['site-url'], context.defaultSiteUrl),
      keepGoing: values['keep-going'] ?? false,
      ...(values.title ? { title: values.title } : {}),
      ...(values.refresh ? { refresh: values.refresh } : {}),
      ...(maxEvents || maxBytes
        ? {
            budget: {
              maxEvents: maxEvents ?? DEFAULT_BUDGET.maxEvents,
              maxBytes: maxBytes ?? DEFAULT_BUDGET.maxBytes,
            },
          }
        : {}),
      window: {
        ...(daysBefore !== undefined ? { daysBefore } : {}),
        ...(daysAfter !== undefined ? { daysAfter } : {}),
      },
    },
  };
}
