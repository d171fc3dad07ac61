import { performance } from 'node:perf_hooks';
import { MANIFEST, PHASES, type Phase, STATE_DIR, STATE_PATH } from '../core/site-contract.ts';
import { sha256 } from '../shared/sha256.ts';
import type { Site, SiteObject } from './site.ts';
import { assertSitePath, type SiteStore, StoreError } from './site-store.ts';

/*
 * Sync's own record of every object it may have put in the store, kept beside the site at STATE_PATH.
 * It is a superset of what `manifest.json` lists: before a run writes anything it records the objects
 * it is about to write (as `null`, "content unknown"), so if the run dies midway every object in the
 * store is still tracked and a later run can check it, reuse it or delete it. Objects sigcal never
 * wrote are never listed, so they are never deleted.
 */
const STATE_FORMAT = 'sigcal-sync-state/1';

/** What sync knows an object holds, and the phase it was written in (deletes run in reverse). */
interface TrackedObject {
  readonly sha256: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly phase: Phase;
}

/** `null`: a run set out to write this object and did not finish; its content is unknown. */
type TrackedState = Map<string, TrackedObject | null>;

export interface PlannedWrite {
  readonly path: string;
  /** `new`: no such object in the store; `changed`: it exists with other content or headers. */
  readonly reason: 'new' | 'changed';
  readonly phase: Phase;
  readonly bytes: number;
}

export interface SyncPlan {
  /** The store, for messages (`s3://bucket/prefix/`). */
  readonly target: string;
  /** In write order. */
  readonly writes: readonly PlannedWrite[];
  readonly unchanged: number;
  /** Objects an earlier run published that the new site lacks, in delete order. */
  readonly deletes: readonly string[];
  /** How many objects earlier runs published (the base of the mass-delete guard). */
  readonly published: number;
  /** True when `deletes` is more than half of `published`: the run is refused unless allowed. */
  readonly massDelete: boolean;
}

/** The outcome of a run; for a dry run, what it would have done. */
export interface SyncSummary {
  readonly written: number;
  readonly unchanged: number;
  readonly deleted: number;
  readonly bytesWritten: number;
  readonly durationMs: number;
  readonly dryRun: boolean;
}

export type SyncProgress =
  | { readonly kind: 'planned'; readonly plan: SyncPlan }
  | { readonly kind: 'writing'; readonly phase: Phase; readonly count: number }
  | { readonly kind: 'deleting'; readonly count: number };

export interface SyncOptions {
  /** Compute and return the plan; write nothing. */
  readonly dryRun?: boolean;
  /** Let one run delete more than half of the published objects. */
  readonly allowMassDelete?: boolean;
  /** Requests in flight at once. Default 8. */
  readonly concurrency?: number;
  readonly onProgress?: (progress: SyncProgress) => void;
  /**
   * Called where the run may stop (it throws to stop): before anything is written and before each write
   * phase, all before the commit, so a stopped run leaves the published site as it was.
   */
  readonly checkpoint?: (stage: string) => void;
}

export interface SyncResult {
  readonly plan: SyncPlan;
  readonly summary: SyncSummary;
}

/** The run would delete more than half of the published site; nothing was written. */
export class MassDeleteError extends Error {
  override readonly name = 'MassDeleteError';
  readonly deletes: number;
  readonly published: number;

  constructor(target: string, deletes: number, published: number) {
    super(
      `refusing to delete ${deletes} of the ${published} objects published at ${target}: more than half ` +
        'of the site would go, which usually means a truncated or wrong source; nothing was written ' +
        '(check the source, or allow it with --allow-mass-delete)',
    );
    this.deletes = deletes;
    this.published = published;
  }
}

/** The sync state in the store is not one sigcal wrote; sync will not guess what it may delete. */
export class SyncStateError extends Error {
  override readonly name = 'SyncStateError';
}

/**
 * A write or delete failed after the SDK's retries. The store is consistent either way: before the
 * commit (`committed: false`) the previous site is still the published one, with some objects already
 * updated in place or added; after it, the new site is published and a later run removes the
 * leftovers.
 */
export class SyncError extends Error {
  override readonly name = 'SyncError';
  readonly committed: boolean;
  readonly written: number;
  readonly deleted: number;

  constructor(
    message: string,
    progress: { committed: boolean; written: number; deleted: number },
    options: { cause: unknown },
  ) {
    super(message, options);
    this.committed = progress.committed;
    this.written = progress.written;
    this.deleted = progress.deleted;
  }
}

interface Wanted {
  readonly object: SiteObject;
  readonly tracked: TrackedObject;
}

/** Compares `site` with what the store holds and returns what a sync would do; writes nothing. */
export async function planSync(
  site: Site,
  store: SiteStore,
  options: Pick<SyncOptions, 'concurrency'> = {},
): Promise<SyncPlan> {
  return (await prepare(site, store, options.concurrency ?? DEFAULT_CONCURRENCY)).plan;
}

/**
 * Publishes `site` to `store`: writes only new or changed objects, bottom-up, commits with
 * `manifest.json`, then deletes what earlier runs published and the site no longer has.
 * See {@link STATE_PATH} for how a run that dies midway stays recoverable.
 */
export async function syncSite(site: Site, store: SiteStore, options: SyncOptions = {}): Promise<SyncResult> {
  const started = performance.now();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = options.onProgress ?? (() => undefined);
  const checkpoint = options.checkpoint ?? (() => undefined);
  checkpoint('before planning the sync');
  const { plan, wanted, state, stateText } = await prepare(site, store, concurrency);
  progress({ kind: 'planned', plan });
  const bytesPlanned = plan.writes.reduce((n, w) => n + w.bytes, 0);
  const summary = (written: number, deleted: number, bytesWritten: number): SyncSummary => ({
    written,
    unchanged: plan.unchanged,
    deleted,
    bytesWritten,
    durationMs: Math.round(performance.now() - started),
    dryRun: options.dryRun ?? false,
  });
  if (options.dryRun)
    return { plan, summary: summary(plan.writes.length, plan.deletes.length, bytesPlanned) };
  if (plan.massDelete && !options.allowMassDelete) {
    throw new MassDeleteError(plan.target, plan.deletes.length, plan.published);
  }

  let written = 0;
  let deleted = 0;
  let committed = false;
  const fail = (doing: string, error: unknown): SyncError => {
    const where = error instanceof StoreError ? `: ${error.message}` : `: ${String(error)}`;
    const outcome = committed
      ? `the new site is published; ${plan.deletes.length - deleted} stale object(s) remain and the next run removes them`
      : 'the previously published site is still the published one; the next run completes the update';
    return new SyncError(
      `publishing to ${plan.target} failed while ${doing}${where} (${outcome})`,
      {
        committed,
        written,
        deleted,
      },
      { cause: error },
    );
  };

  // The final state: exactly the new site. Also what a run with nothing to do finds already there.
  const final: TrackedState = new Map([...wanted].map(([path, w]) => [path, w.tracked]));
  if (plan.writes.length > 0) {
    // Before the first write: track every object this run may create, so none can be orphaned.
    const intent: TrackedState = new Map(state);
    for (const [path, w] of wanted) intent.set(path, w.tracked);
    for (const w of plan.writes) intent.set(w.path, null);
    await writeState(store, intent).catch((error: unknown) => {
      throw fail('recording the objects it is about to write', error);
    });
  }

  for (const phase of PHASES) {
    const inPhase = plan.writes.filter((w) => w.phase === phase);
    if (inPhase.length === 0) continue;
    // Before the manifest (the commit point) the previous site is still the published one.
    checkpoint(`before writing ${phase}`);
    progress({ kind: 'writing', phase, count: inPhase.length });
    // New objects before changed ones, so an updated page never links to a sibling not yet written.
    for (const reason of ['new', 'changed'] as const) {
      const batch = inPhase.filter((w) => w.reason === reason);
      await forEachBounded(batch, concurrency, async (w) => {
        const want = wanted.get(w.path)!;
        await store.put(w.path, want.object);
        written++;
      }).catch((error: unknown) => {
        throw fail(`writing ${phase}`, error);
      });
    }
  }
  // Every object of the new site is in place: the manifest (written last) now describes the store.
  committed = true;

  if (plan.deletes.length > 0) {
    // Keep tracking what is about to be deleted until it is gone.
    const pending: TrackedState = new Map(final);
    for (const path of plan.deletes) pending.set(path, state.get(path) ?? null);
    await writeState(store, pending).catch((error: unknown) => {
      throw fail('recording the published site', error);
    });
    progress({ kind: 'deleting', count: plan.deletes.length });
    for (const phase of [...PHASES].reverse()) {
      const batch = plan.deletes.filter((path) => phaseOfTracked(state, path) === phase);
      await forEachBounded(batch, concurrency, async (path) => {
        await store.delete(path);
        deleted++;
      }).catch((error: unknown) => {
        throw fail('deleting objects the new site no longer has', error);
      });
    }
  }
  if (serialiseState(final) !== stateText) {
    await writeState(store, final).catch((error: unknown) => {
      throw fail('recording the published site', error);
    });
  }
  return { plan, summary: summary(written, deleted, bytesPlanned) };
}

const DEFAULT_CONCURRENCY = 8;

async function prepare(
  site: Site,
  store: SiteStore,
  concurrency: number,
): Promise<{ plan: SyncPlan; wanted: Map<string, Wanted>; state: TrackedState; stateText: string | null }> {
  const wanted = new Map<string, Wanted>();
  for (const [path, object] of site) {
    assertSitePath(path);
    if (path.startsWith(`${STATE_DIR}/`)) {
      throw new StoreError(`the site may not contain "${path}": sync keeps its own state there`, path);
    }
    const tracked: TrackedObject = {
      sha256: object.sha256,
      contentType: object.contentType,
      cacheControl: object.cacheControl,
      phase: object.phase,
    };
    wanted.set(path, { object, tracked });
  }
  const { state, text: stateText } = await readState(store);

  const writes: PlannedWrite[] = [];
  let unchanged = 0;
  const unknown: string[] = [];
  for (const [path, w] of wanted) {
    const known = state.get(path);
    if (known === undefined || known === null) unknown.push(path);
    else if (sameTracked(known, w.tracked)) unchanged++;
    else writes.push(planned(path, 'changed', w));
  }
  // Objects sync has no record of (first publish, or an interrupted run): their metadata decides.
  await forEachBounded(unknown, concurrency, async (path) => {
    const w = wanted.get(path)!;
    const info = await store.head(path);
    if (info === null) writes.push(planned(path, 'new', w));
    else if (
      info.sha256 === w.tracked.sha256 &&
      (info.contentType === null || info.contentType === w.tracked.contentType) &&
      (info.cacheControl === null || info.cacheControl === w.tracked.cacheControl)
    )
      unchanged++;
    else writes.push(planned(path, 'changed', w));
  });
  const order = (phase: Phase) => PHASES.indexOf(phase);
  writes.sort(
    (a, b) => order(a.phase) - order(b.phase) || rank(a.reason) - rank(b.reason) || compare(a.path, b.path),
  );
  const deleteOrder = (path: string) => order(phaseOfTracked(state, path));
  const deletes = [...state.keys()]
    .filter((path) => !wanted.has(path))
    .sort((a, b) => deleteOrder(b) - deleteOrder(a) || compare(a, b));
  const published = state.size;
  return {
    plan: {
      target: store.description,
      writes,
      unchanged,
      deletes,
      published,
      massDelete: deletes.length > published / 2,
    },
    wanted,
    state,
    stateText,
  };
}

function planned(path: string, reason: PlannedWrite['reason'], w: Wanted): PlannedWrite {
  return { path, reason, phase: w.object.phase, bytes: w.object.body.byteLength };
}

/**
 * The phase an object was written in, as the state recorded it. An object whose write never finished
 * (or a state from before phases were recorded) has none: it is deleted with the feeds, last, so no
 * page that may still link to it outlives it.
 */
function phaseOfTracked(state: TrackedState, path: string): Phase {
  if (path === MANIFEST) return 'manifest';
  return state.get(path)?.phase ?? 'feeds and assets';
}

const rank = (reason: PlannedWrite['reason']) => (reason === 'new' ? 0 : 1);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sameTracked(a: Omit<TrackedObject, 'phase'>, b: Omit<TrackedObject, 'phase'>): boolean {
  return a.sha256 === b.sha256 && a.contentType === b.contentType && a.cacheControl === b.cacheControl;
}

async function readState(store: SiteStore): Promise<{ state: TrackedState; text: string | null }> {
  const body = await store.get(STATE_PATH);
  if (body === null) return { state: new Map(), text: null };
  const text = new TextDecoder().decode(body);
  const where = `${store.description.replace(/\/?$/, '/')}${STATE_PATH}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyncStateError(`${where} is not JSON; move it away to let sigcal start afresh`, {
      cause: error,
    });
  }
  const objects = (parsed as { format?: unknown; objects?: unknown } | null)?.objects;
  if ((parsed as { format?: unknown } | null)?.format !== STATE_FORMAT || !isRecord(objects)) {
    throw new SyncStateError(
      `${where} is not a ${STATE_FORMAT} file; move it away to let sigcal start afresh`,
    );
  }
  const state: TrackedState = new Map();
  for (const [path, entry] of Object.entries(objects)) {
    try {
      assertSitePath(path);
    } catch (error) {
      throw new SyncStateError(`${where} lists an unsafe path "${path}"`, { cause: error });
    }
    if (entry === null) state.set(path, null);
    else if (
      isRecord(entry) &&
      typeof entry.sha256 === 'string' &&
      typeof entry.contentType === 'string' &&
      typeof entry.cacheControl === 'string'
    ) {
      state.set(path, {
        sha256: entry.sha256,
        contentType: entry.contentType,
        cacheControl: entry.cacheControl,
        phase: (PHASES as readonly unknown[]).includes(entry.phase)
          ? (entry.phase as Phase)
          : 'feeds and assets',
      });
    } else throw new SyncStateError(`${where} has a malformed entry for "${path}"`);
  }
  return { state, text };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One object per line, paths sorted: the same state always serialises to the same bytes. */
function serialiseState(state: TrackedState): string {
  const lines = [...state.keys()].sort(compare).map((path) => {
    const entry = state.get(path) ?? null;
    const value =
      entry === null
        ? 'null'
        : JSON.stringify({
            sha256: entry.sha256,
            contentType: entry.contentType,
            cacheControl: entry.cacheControl,
            phase: entry.phase,
          });
    return `${JSON.stringify(path)}:${value}`;
  });
  return `{"format":${JSON.stringify(STATE_FORMAT)},"objects":{\n${lines.join(',\n')}\n}}\n`;
}

async function writeState(store: SiteStore, state: TrackedState): Promise<void> {
  const body = new TextEncoder().encode(serialiseState(state));
  await store.put(STATE_PATH, {
    body,
    contentType: 'application/json',
    cacheControl: 'no-store',
    sha256: sha256(body),
  });
}

/** Runs `fn` over `items` with at most `limit` in flight; after a failure starts no more, then rethrows it. */
async function forEachBounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure) throw failure.error;
}
