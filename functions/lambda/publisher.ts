import { formatDiagnostic, ValidationError } from '../core/errors.ts';
import { buildInput, type RunSummary, runPipeline, type Trigger } from '../pipeline/pipeline.ts';
import type { HttpsSourceOptions } from '../sources/https-source.ts';
import { MemorySourceCache, type SourceCache } from '../sources/loaded-source.ts';
import type { SourceReaders } from '../sources/read-source.ts';
import { DEFAULT_LEASE, type LeaseOptions } from '../store/lease.ts';
import { createS3Client, S3Store } from '../store/s3-store.ts';
import type { SiteStore } from '../store/site-store.ts';
import { SyncError } from '../store/sync.ts';
import type { PublisherConfig } from './config.ts';
import { classifyEvent } from './events.ts';

/** The summary of an event the publisher did not act on. */
export interface SkippedSummary {
  readonly ok: true;
  readonly skipped: true;
  readonly trigger: Trigger;
  readonly reason: string;
}

export type PublisherResult = RunSummary | SkippedSummary;

/** The logged line of a failed run (the error is then thrown, so Lambda retries and alarms see it). */
export interface FailureSummary {
  readonly ok: false;
  readonly trigger: Trigger | null;
  readonly target: string;
  readonly error: { readonly name: string; readonly message: string };
  /** Every problem, one line each, when the source was invalid. */
  readonly problems?: readonly string[];
  /** For a failed sync: whether the new site got published before the failure. */
  readonly committed?: boolean;
  readonly durationMs: number;
}

export interface PublisherDeps {
  readonly store: SiteStore;
  readonly readers: SourceReaders;
  readonly now: () => Date;
  /** Receives one JSON line per run. */
  readonly log: (line: string) => void;
}

/** What the publisher reads of the Lambda context. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

/** The time a run keeps for itself once it has the lease: it never waits into it. */
const RUN_RESERVE_MS = 30_000;

/** How long a run may wait for another run's lease: never past the function's deadline. */
function leaseOf(context: InvocationContext | undefined): LeaseOptions {
  if (!context) return {};
  const left = context.getRemainingTimeInMillis() - RUN_RESERVE_MS;
  return {
    waitMs: Math.max(0, Math.min(DEFAULT_LEASE.waitMs, left)),
    holder: `sigcal publisher function (request ${context.awsRequestId ?? 'unknown'})`,
  };
}

/** Handles one invocation: decide, publish, log one JSON line; throws after logging a failure. */
export async function runPublisher(
  event: unknown,
  config: PublisherConfig,
  deps: PublisherDeps,
  context?: InvocationContext,
): Promise<PublisherResult> {
  const started = Date.now();
  let trigger: Trigger | null = null;
  try {
    const decision = classifyEvent(event, [
      config.source,
      ...(config.overlay ? [config.overlay.location] : []),
    ]);
    trigger = decision.trigger;
    if (!decision.run) {
      const skipped: SkippedSummary = {
        ok: true,
        skipped: true,
        trigger: decision.trigger,
        reason: decision.reason,
      };
      deps.log(JSON.stringify(skipped));
      return skipped;
    }
    const summary = await runPipeline(
      {
        trigger: decision.trigger,
        source: config.source,
        overlay: config.overlay,
        input: buildInput({
          now: deps.now(),
          siteUrl: config.siteUrl,
          keepGoing: config.keepGoing,
          window: config.window,
        }),
      },
      deps.store,
      deps.readers,
      { lease: leaseOf(context) },
    );
    deps.log(JSON.stringify(summary));
    return summary;
  } catch (error) {
    const failure: FailureSummary = {
      ok: false,
      trigger,
      target: deps.store.description,
      error: {
        name: error instanceof Error ? error.name : 'Error',
        message: error instanceof Error ? error.message : String(error),
      },
      ...(error instanceof ValidationError ? { problems: error.diagnostics.map(formatDiagnostic) } : {}),
      ...(error instanceof SyncError ? { committed: error.committed } : {}),
      durationMs: Date.now() - started,
    };
    deps.log(JSON.stringify(failure));
    throw error;
  }
}

export interface PublisherOverrides {
  /** S3 client settings beyond the endpoint (tests shorten retries and timeouts). */
  readonly s3?: Parameters<typeof createS3Client>[0];
  readonly https?: Omit<HttpsSourceOptions, 'cache'>;
  /** Default: one cache per container, shared by every publisher in it. */
  readonly cache?: SourceCache;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

/** One cache per container: a warm Lambda asks an unchanged upstream with a conditional request. */
const sourceCache = new MemorySourceCache();

/** Wires a publisher for a configuration: one S3 client for the site and any `s3://` source. */
export function createPublisher(
  config: PublisherConfig,
  overrides: PublisherOverrides = {},
): (event: unknown, context?: InvocationContext) => Promise<PublisherResult> {
  const client = createS3Client({
    ...overrides.s3,
    ...(config.s3Endpoint ? { endpoint: config.s3Endpoint } : {}),
  });
  const deps: PublisherDeps = {
    store: new S3Store(client, config.bucket, config.prefix),
    readers: {
      s3Client: () => client,
      cache: overrides.cache ?? sourceCache,
      bundleDirectories: config.bundleDirectories,
      ...(overrides.https ? { https: overrides.https } : {}),
    },
    now: overrides.now ?? (() => new Date()),
    log: overrides.log ?? ((line) => console.log(line)),
  };
  return (event: unknown, context?: InvocationContext) => runPublisher(event, config, deps, context);
}
