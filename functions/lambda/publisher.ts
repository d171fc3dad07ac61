import { formatDiagnostic, ValidationError } from '../core/errors.ts';
import { MANIFEST } from '../core/site-contract.ts';
import {
  buildInput,
  DeadlineError,
  deadlineCheck,
  type RunSummary,
  runPipeline,
  type Trigger,
} from '../pipeline/pipeline.ts';
import type { HttpsSourceOptions } from '../sources/https-source.ts';
import { MemorySourceCache, type SourceCache, SourceMissingError } from '../sources/loaded-source.ts';
import type { SourceReaders } from '../sources/read-source.ts';
import { describeAddress } from '../sources/source-address.ts';
import { DEFAULT_LEASE, type LeaseOptions } from '../store/lease.ts';
import { createS3Client, S3Store } from '../store/s3-store.ts';
import type { SiteStore } from '../store/site-store.ts';
import { SyncError } from '../store/sync.ts';
import type { PublisherConfig } from './config.ts';
import { classifyEvent, type EventDecision } from './events.ts';

/** The summary of an event the publisher did not act on. */
export interface SkippedSummary {
  readonly ok: true;
  readonly skipped: true;
  readonly trigger: Trigger;
  readonly reason: string;
}

/**
 * The summary of a run that found its S3 source (or overlay) not uploaded yet: a status, not a failure,
 * so a new `source=s3` stack does not fill the failure queue before its first upload.
 */
export interface WaitingSummary {
  readonly ok: true;
  readonly waiting: true;
  readonly trigger: Trigger;
  readonly target: string;
  /** The object that is not there (`s3://bucket/key`): the source or the overlay. */
  readonly waitingFor: string;
  /** Whether the target already has a published site, which is left exactly as it was either way. */
  readonly published: boolean;
  readonly reason: string;
  readonly durationMs: number;
}

export type PublisherResult = RunSummary | SkippedSummary | WaitingSummary;

/** What one invocation reports: the summary it returns, or the failure it reports before throwing. */
export type PublisherOutcome = PublisherResult | FailureSummary;

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
  /** `deadline`: the run stopped itself before the function's timeout, the published site as it was. */
  readonly reason?: 'deadline';
  readonly durationMs: number;
}

/**
 * Time kept in hand before the function's timeout: a run stops at its next safe point once less than
 * this remains, so it can log its failure line instead of being killed mid-way with nothing logged.
 */
export const DEADLINE_MARGIN_MS = 15_000;

export interface PublisherDeps {
  readonly store: SiteStore;
  readonly readers: SourceReaders;
  readonly now: () => Date;
  /** Receives each invocation's outcome, once (the handler logs it and emits its metrics). */
  readonly report: (outcome: PublisherOutcome) => void;
  /** Default {@link DEADLINE_MARGIN_MS}. */
  readonly deadlineMarginMs?: number;
}

/** What the publisher reads of the Lambda context (its remaining time and request id). */
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

/** Handles one invocation: decide, publish, report the outcome once; throws after reporting a failure. */
export async function runPublisher(
  event: unknown,
  config: PublisherConfig,
  deps: PublisherDeps,
  context?: InvocationContext,
): Promise<PublisherResult> {
  const started = Date.now();
  const remaining = context?.getRemainingTimeInMillis();
  const checkpoint =
    remaining === undefined
      ? undefined
      : deadlineCheck(started + remaining - (deps.deadlineMarginMs ?? DEADLINE_MARGIN_MS));
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
      deps.report(skipped);
      return skipped;
    }
    let summary: RunSummary | WaitingSummary;
    try {
      summary = await runPipeline(
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
          // The bucket is served by the CDN, whose viewer-request function hands gzip clients the variants.
          gzipVariants: true,
        },
        deps.store,
        deps.readers,
        { lease: leaseOf(context), ...(checkpoint ? { checkpoint } : {}) },
      );
    } catch (error) {
      const object = notUploaded(error, config);
      if (object === null) throw error;
      summary = await waiting(decision, object, deps.store, started);
    }
    deps.report(summary);
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
      ...(error instanceof DeadlineError ? { reason: 'deadline' as const } : {}),
      durationMs: Date.now() - started,
    };
    deps.report(failure);
    throw error;
  }
}

/**
 * The S3 object (`s3://bucket/key`) an error says is not there, when it is the source or the overlay:
 * someone is to upload it. Anything else, a missing https source included (a wrong URL), stays a failure.
 */
function notUploaded(error: unknown, config: PublisherConfig): string | null {
  if (!(error instanceof SourceMissingError)) return null;
  const uploaded = [config.source, config.overlay?.location].flatMap((a) =>
    a?.kind === 's3' ? [describeAddress(a)] : [],
  );
  return uploaded.find((url) => url === error.diagnostic.file) ?? null;
}

async function waiting(
  decision: Extract<EventDecision, { run: true }>,
  object: string,
  store: SiteStore,
  started: number,
): Promise<WaitingSummary> {
  const published = (await store.head(MANIFEST)) !== null;
  return {
    ok: true,
    waiting: true,
    trigger: decision.trigger,
    target: store.description,
    waitingFor: object,
    published,
    reason: published
      ? `${object} is gone: the published site stays as it was, and ages, until it is uploaded again`
      : `${object} has not been uploaded yet: the site is published once it is`,
    durationMs: Date.now() - started,
  };
}

export interface PublisherOverrides {
  /** S3 client settings beyond the endpoint (tests shorten retries and timeouts). */
  readonly s3?: Parameters<typeof createS3Client>[0];
  readonly https?: Omit<HttpsSourceOptions, 'cache'>;
  /** Default: one cache per container, shared by every publisher in it. */
  readonly cache?: SourceCache;
  readonly now?: () => Date;
  /** Default: one JSON line on stdout. */
  readonly report?: (outcome: PublisherOutcome) => void;
  readonly deadlineMarginMs?: number;
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
      https: { allowPrivate: config.allowPrivateSource, ...overrides.https },
    },
    now: overrides.now ?? (() => new Date()),
    report: overrides.report ?? ((outcome) => console.log(JSON.stringify(outcome))),
    ...(overrides.deadlineMarginMs !== undefined ? { deadlineMarginMs: overrides.deadlineMarginMs } : {}),
  };
  return (event: unknown, context?: InvocationContext) => runPublisher(event, config, deps, context);
}
