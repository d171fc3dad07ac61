import { formatDiagnostic } from '../core/errors.ts';
import { checkedCommunity, GENERATOR } from '../core/render-site.ts';
import { MANIFEST } from '../core/site-contract.ts';
import { readBundledSource } from '../sources/bundled-source.ts';
import type { LoadedSource } from '../sources/loaded-source.ts';
import { readSource, type SourceReaders } from '../sources/read-source.ts';
import { describeAddress, type SourceAddress } from '../sources/source-address.ts';
import { type Body, type SiteObject, unkeptBody } from '../store/site.ts';
import type { SiteStore } from '../store/site-store.ts';
import {
  PublishedRecord,
  type SyncOptions,
  type SyncProgress,
  type SyncResult,
  type SyncSummary,
  syncSite,
} from '../store/sync.ts';
import {
  type BuildInput,
  type BuildOptions,
  type BuildSources,
  type BuildSummary,
  type BuiltSite,
  buildSite,
} from './build.ts';
import { type LeftOutRecord, type Manifest, parseManifest, previousStamps } from './manifest.ts';

export type { BuildSources } from './build.ts';

/** What started a run; recorded in the summary. `deploy`: the run a deployment starts (see cdk/). */
export type Trigger = 'scheduled' | 's3' | 'republish' | 'deploy' | 'cli';

export interface PipelineRequest {
  readonly trigger: Trigger;
  readonly source: SourceAddress;
  /** `required: false` only makes sense for a bundled overlay: use `schedule.yaml` if it was shipped. */
  readonly overlay: { readonly location: SourceAddress; readonly required: boolean } | null;
  /** Turns the sources read and the published manifest (null if none) into the build's input. */
  readonly input: (sources: BuildSources, previous: Manifest | null) => BuildInput;
  /** Build the feeds' gzip variants, for a store served by the CDN (S3). Default false. */
  readonly gzipVariants?: boolean;
}

/**
 * The usual build input: `options`, with each meeting's DTSTAMP kept from the published manifest while
 * its events are unchanged, so an unchanged source republishes byte-identical events.
 */
export function buildInput(options: Omit<BuildOptions, 'stamp'>): PipelineRequest['input'] {
  return (sources, previous) => ({
    ...sources,
    options: { ...options, stamp: options.now, previousStamps: previousStamps(previous) },
  });
}

export type PipelineProgress =
  | { readonly kind: 'source'; readonly role: 'source' | 'overlay'; readonly source: LoadedSource }
  | { readonly kind: 'built'; readonly summary: BuildSummary }
  | SyncProgress;

export interface PipelineOptions extends Omit<SyncOptions, 'onProgress'> {
  readonly onProgress?: (progress: PipelineProgress) => void;
}

/**
 * The run was stopped before its deadline (a Lambda's remaining time, less a margin) at a point where
 * stopping is safe: before the commit nothing published has changed; see syncSite.
 */
export class DeadlineError extends Error {
  override readonly name = 'DeadlineError';
}

/** A checkpoint that throws {@link DeadlineError} once `deadline` (epoch ms, by `clock`) has passed. */
export function deadlineCheck(deadline: number, clock: () => number = Date.now): (stage: string) => void {
  return (stage) => {
    if (clock() >= deadline) {
      throw new DeadlineError(
        `stopped ${stage}: too close to the deadline to finish; nothing more was changed`,
      );
    }
  };
}

export interface SourceVersion {
  readonly location: string;
  readonly sha256: string;
  readonly etag: string | null;
  readonly notModified: boolean;
}

/**
 * The one JSON summary a run logs and returns (documented in docs/publish.md; keep it stable): the
 * sync's counts, with `durationMs` covering the whole run.
 */
export interface RunSummary extends SyncSummary {
  readonly ok: true;
  readonly trigger: Trigger;
  /** The run's id: its lease and its marks on the objects it wrote name it. */
  readonly run: string;
  readonly target: string;
  readonly generator: string;
  readonly source: SourceVersion;
  readonly overlay: SourceVersion | null;
  readonly window: { readonly start: string; readonly end: string };
  readonly meetings: {
    readonly groups: number;
    readonly scheduled: number;
    readonly unscheduled: number;
    readonly leftOut: number;
  };
  /** Meetings left out under keep-going, named by group, subproject and meeting id, with why. */
  readonly leftOut: readonly LeftOutRecord[];
  /**
   * The source's warnings (a value left out or cleaned, an unused overlay entry…), each as
   * `file:line path: message`: the first {@link SUMMARY_WARNINGS}, so one log line holds them.
   */
  readonly warnings: readonly string[];
  /** How many warnings there are in all. */
  readonly warningCount: number;
}

/** The most warnings a run summary lists; `sigcal validate` lists every one. */
export const SUMMARY_WARNINGS = 50;

/**
 * One publishing run: read the source(s) → build the whole site → sync it to the store. Invalid input
 * throws before anything is written, and before a store that cannot be read is reported; a failed
 * sync throws after leaving the store consistent (see syncSite). The site is built whole before the
 * sync plans anything; where the store can hold bodies aside (a folder), each is handed to it as it is
 * made, so the build never holds the site in memory.
 */
export async function runPipeline(
  request: PipelineRequest,
  store: SiteStore,
  readers: SourceReaders,
  options: PipelineOptions = {},
): Promise<RunSummary> {
  const started = performance.now();
  const progress = options.onProgress ?? (() => undefined);
  const checkpoint = options.checkpoint ?? (() => undefined);
  checkpoint('before reading the source');
  const source = await readSource(request.source, readers);
  progress({ kind: 'source', role: 'source', source });
  const overlay = await readOverlaySource(request.overlay, readers);
  if (overlay) progress({ kind: 'source', role: 'overlay', source: overlay });

  const sources: BuildSources = { source: source.text, ...(overlay ? { overlay: overlay.text } : {}) };
  checkpoint('before building');
  const input = request.input(
    sources,
    await publishedManifest(store, () => checkedCommunity(request.input(sources, null))),
  );
  const aside = options.dryRun ? undefined : store.aside;
  try {
    // A record that cannot be read holds back nothing here; the sync reports it.
    const record = aside ? await PublishedRecord.of(store).catch(() => null) : null;
    const built = buildSite(input, {
      gzipVariants: request.gzipVariants ?? false,
      ...(aside ? { hold: holder(record, aside), reserve: aside.reserve } : {}),
    });
    progress({ kind: 'built', summary: built.summary });
    aside?.settle();
    const synced = await syncSite(built.site, store, {
      ...options,
      ...(record ? { record } : {}),
      onProgress: progress,
    });
    return runSummary(request, store, { source, overlay }, built, synced, started);
  } finally {
    aside?.release();
  }
}

/**
 * The manifest the store holds, or null when there is none. When the store cannot be read (a wrong
 * endpoint, no credentials), the sources are checked first, and their own errors are thrown instead:
 * they are what stops the run in any case, and finding them needs no store.
 */
async function publishedManifest(store: SiteStore, checkSources: () => unknown): Promise<Manifest | null> {
  try {
    return parseManifest((await store.get(MANIFEST))?.body ?? null);
  } catch (error) {
    checkSources();
    throw error;
  }
}

/**
 * Hands each body to the store's `aside`, except those of objects the published record already
 * holds as they are: the sync does not write those, so only their size is kept.
 */
function holder(
  record: PublishedRecord | null,
  aside: NonNullable<SiteStore['aside']>,
): (path: string, object: SiteObject<Uint8Array>) => Body {
  return (path, object) =>
    record?.asIs(path, object) ? unkeptBody(object.body.byteLength) : aside.hold(object.body);
}

function runSummary(
  request: PipelineRequest,
  store: SiteStore,
  read: { source: LoadedSource; overlay: LoadedSource | null },
  built: BuiltSite<Body>,
  synced: SyncResult,
  started: number,
): RunSummary {
  const { source, overlay } = read;
  const { summary: sync, run } = synced;
  const { summary } = built;
  return {
    ok: true,
    trigger: request.trigger,
    run,
    target: store.description,
    generator: GENERATOR,
    source: version(request.source, source),
    overlay: overlay && request.overlay ? version(request.overlay.location, overlay) : null,
    window: summary.window,
    meetings: {
      groups: summary.groups,
      scheduled: summary.scheduled,
      unscheduled: summary.unscheduled,
      leftOut: summary.leftOut.length,
    },
    leftOut: built.manifest.leftOut,
    warnings: summary.warnings.slice(0, SUMMARY_WARNINGS).map(formatDiagnostic),
    warningCount: summary.warnings.length,
    written: sync.written,
    unchanged: sync.unchanged,
    deleted: sync.deleted,
    bytesWritten: sync.bytesWritten,
    durationMs: Math.round(performance.now() - started),
    dryRun: sync.dryRun,
  };
}

async function readOverlaySource(
  overlay: PipelineRequest['overlay'],
  readers: SourceReaders,
): Promise<LoadedSource | null> {
  if (!overlay) return null;
  if (overlay.location.kind === 'bundled' && !overlay.required) {
    return readBundledSource(overlay.location.name, readers.bundleDirectories ?? []);
  }
  return readSource(overlay.location, readers);
}

function version(location: SourceAddress, source: LoadedSource): SourceVersion {
  return {
    location: describeAddress(location),
    sha256: source.sha256,
    etag: source.etag,
    notModified: source.notModified,
  };
}
