import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MANIFEST, PHASES, type Phase, STATE_DIR, STATE_PATH } from '../core/site-contract.ts';
import { sha256 } from '../shared/sha256.ts';
import { acquireLease, type Lease, type LeaseHolder, type LeaseOptions } from './lease.ts';
import { type Body, isKept, type Site, type SiteObject } from './site.ts';
import {
  assertSitePath,
  ConditionFailedError,
  type SiteStore,
  type StoredObjectInfo,
  StoreError,
} from './site-store.ts';

/*
 * Sync's own record of every object it may have put in the store, kept beside the site at STATE_PATH.
 * It is a superset of what `manifest.json` lists: before a run writes anything it records the objects
 * it is about to write as pending (with every content the object may then hold: the old one and the
 * new), so if the run dies midway every object in the store is still tracked and a later run can
 * check it, reuse it or delete it. Objects sigcal never wrote are never listed.
 *
 * The record alone is not trusted with anything destructive: before overwriting or deleting an object
 * sync looks at it (one HEAD) and goes ahead only if the object is sigcal's. In a store that keeps
 * marks (S3) that is sigcal's mark on the object, which a forged record cannot put there (the one
 * exception: a record in the format of an older sigcal, whose objects carry only their hash, is
 * trusted for objects whose hash metadata matches it, and that run marks them). A folder keeps no
 * marks, so there the file's content must still hash to what the record says sigcal wrote. Each write
 * and delete is then conditional on the version it looked at. An object someone changed since sigcal
 * wrote it is no longer sigcal's: a run that needs its path is refused, and one that would delete it
 * leaves it in place and forgets it.
 *
 * Runs take turns: a run that has something to write takes the store's lease first (see lease.ts),
 * and every write of the record is conditional on the version the run last read or wrote, so a run
 * that lost its lease cannot overwrite another run's record.
 */
const STATE_FORMAT = 'sigcal-sync-state/2';
/** Read for compatibility: its `null` entries are pending writes whose contents were not recorded. */
const STATE_FORMAT_1 = 'sigcal-sync-state/1';

/** What sync knows an object holds, and the phase it was written in (deletes run in reverse). */
interface TrackedObject {
  readonly sha256: string;
  readonly contentType: string;
  readonly cacheControl: string;
  readonly phase: Phase;
  /** Written by an older sigcal, before objects carried marks: its hash metadata is its mark. */
  readonly legacy?: true;
}

/** A write a run set out to make and may not have finished: the object holds one of `pending`, or none. */
interface PendingObject {
  readonly pending: readonly string[];
  readonly phase: Phase;
  readonly legacy?: true;
}

type Tracked = TrackedObject | PendingObject;
type TrackedState = Map<string, Tracked>;

const isPending = (t: Tracked): t is PendingObject => 'pending' in t;
const hashesOf = (t: Tracked): readonly string[] => (isPending(t) ? t.pending : [t.sha256]);

export interface PlannedWrite {
  readonly path: string;
  /** `new`: no such object in the store; `changed`: it exists with other content or headers. */
  readonly reason: 'new' | 'changed';
  readonly phase: Phase;
  readonly bytes: number;
}

/** An object at a path the new site needs, that sigcal did not write (or that was changed since). */
export interface Collision {
  readonly path: string;
  /** `foreign`: sigcal has no record of writing it; `modified`: it did, and someone has changed it since. */
  readonly reason: 'foreign' | 'modified';
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
  /** Objects in the way that are not sigcal's: the run is refused before it writes anything. */
  readonly collisions: readonly Collision[];
  /**
   * Objects an earlier run published that someone has changed or replaced since: sigcal no longer
   * counts them as its own, so it leaves them in place and forgets them instead of deleting them.
   */
  readonly kept: readonly string[];
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
  | { readonly kind: 'waiting'; readonly holder: LeaseHolder }
  | { readonly kind: 'planned'; readonly plan: SyncPlan }
  | { readonly kind: 'writing'; readonly phase: Phase; readonly count: number }
  | { readonly kind: 'deleting'; readonly count: number };

export interface SyncOptions {
  /** Compute and return the plan; write nothing (and take no lease). */
  readonly dryRun?: boolean;
  /** Let one run delete more than half of the published objects. */
  readonly allowMassDelete?: boolean;
  /** Requests in flight at once. Default: what the store suits. */
  readonly concurrency?: number;
  /** This run's id: its lease and its marks on the objects it writes name it. Default: a random UUID. */
  readonly run?: string;
  /** How long to wait for another run's lease, and the lease's own timing. */
  readonly lease?: Omit<LeaseOptions, 'onWait'>;
  readonly onProgress?: (progress: SyncProgress) => void;
  /**
   * Called where the run may stop (it throws to stop): before anything is written and before each write
   * phase, all before the commit, so a stopped run leaves the published site as it was.
   */
  readonly checkpoint?: (stage: string) => void;
  /** The record as read before the build (see PublishedRecord): the first plan starts from it. */
  readonly record?: PublishedRecord;
}

export interface SyncResult {
  readonly plan: SyncPlan;
  readonly summary: SyncSummary;
  readonly run: string;
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

/** Objects sigcal did not write are where the new site needs to write; nothing was written. */
export class ForeignObjectError extends Error {
  override readonly name = 'ForeignObjectError';
  readonly collisions: readonly Collision[];

  constructor(target: string, collisions: readonly Collision[]) {
    const shown = collisions
      .slice(0, 10)
      .map(
        (c) =>
          `${c.path} (${c.reason === 'modified' ? 'changed since sigcal wrote it' : 'not written by sigcal'})`,
      );
    const more = collisions.length > shown.length ? ` and ${collisions.length - shown.length} more` : '';
    // What frees a path depends on whose object is there: one edited since sigcal wrote it is handed
    // back by deleting it; one sigcal never wrote may be someone's, so it is moved or avoided.
    const ways = ['move them away'];
    if (collisions.some((c) => c.reason === 'modified')) {
      ways.push('delete one changed since sigcal wrote it, to hand its path back');
    }
    if (collisions.some((c) => c.reason !== 'modified')) ways.push('give the group another dir');
    super(
      `refusing to write the site to ${target}: ${collisions.length === 1 ? 'an object' : `${collisions.length} objects`} ` +
        `that sigcal did not write ${collisions.length === 1 ? 'is' : 'are'} where the site needs to write: ` +
        `${shown.join(', ')}${more}; sigcal never overwrites them, and nothing was written (${ways.join(', or ')})`,
    );
    this.collisions = collisions;
  }
}

/**
 * Another run changed the published site while this one was building, so objects this build took as
 * already published (and kept no body for, see PublishedRecord) must be written after all. Nothing
 * was written; a run started now builds against the site as it is.
 */
export class StaleBuildError extends Error {
  override readonly name = 'StaleBuildError';

  constructor(target: string, count: number) {
    super(
      `another run published to ${target} while this one was building: ${count} object(s) this build ` +
        'took as already published have changed since; nothing was written (run again)',
    );
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
  readonly object: SiteObject<Body>;
  readonly tracked: TrackedObject;
}

/** A plan and what carrying it out needs: the versions looked at, and the record it started from. */
interface Prepared {
  readonly plan: SyncPlan;
  readonly wanted: Map<string, Wanted>;
  readonly state: TrackedState;
  readonly stateVersion: StateVersion;
  /** Per write and delete: the version looked at (null: no object there), and its content hash. */
  readonly seen: Map<string, { readonly etag: string | null; readonly sha256: string | null }>;
}

/** The record as read: its text (null when there is none) and version, for conditional writes. */
interface StateVersion {
  readonly text: string | null;
  readonly etag: string | null;
}

/**
 * Publishes `site` to `store`: writes only new or changed objects, bottom-up, commits with
 * `manifest.json`, then deletes what earlier runs published and the site no longer has. Never
 * overwrites or deletes an object sigcal did not write, and holds the store's lease while it writes.
 * See {@link STATE_PATH} for how a run that dies midway stays recoverable.
 */
export async function syncSite(
  site: Site<Body>,
  store: SiteStore,
  options: SyncOptions = {},
): Promise<SyncResult> {
  const started = performance.now();
  const concurrency = options.concurrency ?? store.concurrency;
  const progress = options.onProgress ?? (() => undefined);
  const checkpoint = options.checkpoint ?? (() => undefined);
  checkpoint('before planning the sync');
  const run = options.run ?? randomUUID();
  const record = options.record?.store === store ? options.record.read : undefined;
  let prepared = await prepare(site, store, concurrency, record);
  const summary = (plan: SyncPlan, written: number, deleted: number, bytesWritten: number): SyncSummary => ({
    written,
    unchanged: plan.unchanged,
    deleted,
    bytesWritten,
    durationMs: Math.round(performance.now() - started),
    dryRun: options.dryRun ?? false,
  });
  const bytesOf = (plan: SyncPlan) => plan.writes.reduce((n, w) => n + w.bytes, 0);
  if (options.dryRun) {
    const { plan } = prepared;
    progress({ kind: 'planned', plan });
    return { plan, summary: summary(plan, plan.writes.length, plan.deletes.length, bytesOf(plan)), run };
  }
  // A run with nothing to do writes nothing, so it needs no lease: an unchanged site costs one read.
  if (!hasWork(prepared)) {
    progress({ kind: 'planned', plan: prepared.plan });
    refusePlan(prepared.plan, options);
    return { plan: prepared.plan, summary: summary(prepared.plan, 0, 0, 0), run };
  }

  const lease = await acquireLease(store, run, {
    ...options.lease,
    onWait: (holder) => progress({ kind: 'waiting', holder }),
  });
  try {
    // Another run may have published while this one looked or waited: plan again from its record.
    // So does a plan that would be refused: it may have caught another run halfway.
    const current = await readState(store);
    const refused = prepared.plan.collisions.length > 0 || prepared.plan.massDelete;
    if (refused || current.version.etag !== prepared.stateVersion.etag) {
      prepared = await prepare(site, store, concurrency, current);
    }
    const { plan } = prepared;
    progress({ kind: 'planned', plan });
    refusePlan(plan, options);
    const unkept = plan.writes.filter((w) => !isKept((prepared.wanted.get(w.path) as Wanted).object.body));
    if (unkept.length > 0) throw new StaleBuildError(plan.target, unkept.length);
    const { written, deleted } = await carryOut(prepared, store, {
      run,
      lease,
      concurrency,
      progress,
      checkpoint,
    });
    return { plan, summary: summary(plan, written, deleted, bytesOf(plan)), run };
  } finally {
    // A lease that cannot be released expires.
    await lease.release().catch(() => undefined);
  }
}

/** Refuses a plan that would overwrite what sigcal did not write, or delete most of the site. */
export function refusePlan(plan: SyncPlan, options: Pick<SyncOptions, 'allowMassDelete'>): void {
  if (plan.collisions.length > 0) throw new ForeignObjectError(plan.target, plan.collisions);
  if (plan.massDelete && !options.allowMassDelete) {
    throw new MassDeleteError(plan.target, plan.deletes.length, plan.published);
  }
}

function hasWork(prepared: Prepared): boolean {
  const { plan } = prepared;
  return (
    plan.writes.length > 0 ||
    plan.deletes.length > 0 ||
    plan.collisions.length > 0 ||
    serialiseState(finalState(prepared)) !== prepared.stateVersion.text
  );
}

/** The record once the run is done: exactly the new site. */
function finalState(prepared: Prepared): TrackedState {
  return new Map([...prepared.wanted].map(([path, w]) => [path, w.tracked]));
}

async function carryOut(
  prepared: Prepared,
  store: SiteStore,
  context: {
    run: string;
    lease: Lease;
    concurrency: number;
    progress: (progress: SyncProgress) => void;
    /** Throws to stop the run (a deadline) before a write phase, while nothing is committed. */
    checkpoint: (stage: string) => void;
  },
): Promise<{ written: number; deleted: number }> {
  const { plan, wanted, state, seen } = prepared;
  const { run, lease, concurrency, progress, checkpoint } = context;
  let written = 0;
  let deleted = 0;
  let committed = false;
  const fail = (doing: string, error: unknown): SyncError => {
    const where = error instanceof Error ? `: ${error.message}` : `: ${String(error)}`;
    const outcome = committed
      ? `the new site is published; ${plan.deletes.length - deleted} stale object(s) remain and the next run removes them`
      : 'the previously published site is still the published one; the next run completes the update';
    return new SyncError(
      `publishing to ${plan.target} failed while ${doing}${where} (${outcome})`,
      { committed, written, deleted },
      { cause: error },
    );
  };
  let version = prepared.stateVersion;
  const record = async (tracked: TrackedState, doing: string, text = serialiseState(tracked)) => {
    try {
      await lease.keep();
      version = await writeState(store, text, version, run);
    } catch (error) {
      throw fail(doing, error);
    }
  };

  const final = finalState(prepared);
  if (plan.writes.length > 0) {
    // Before the first write: track every object this run may create or change, with both the content
    // it holds and the content it will hold, so none can be orphaned or mistaken for another's.
    const intent: TrackedState = new Map(state);
    for (const path of plan.kept) intent.delete(path);
    for (const [path, w] of wanted) intent.set(path, w.tracked);
    for (const w of plan.writes) {
      const before = seen.get(w.path)?.sha256;
      const after = (wanted.get(w.path) as Wanted).tracked.sha256;
      // An older sigcal's object stays what it was (unmarked) until its write lands.
      const legacy = state.get(w.path)?.legacy ? { legacy: true as const } : {};
      const pending = before && before !== after ? [before, after] : [after];
      intent.set(w.path, { pending, phase: w.phase, ...legacy });
    }
    await record(intent, 'recording the objects it is about to write');
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
        const etag = seen.get(w.path)?.etag ?? null;
        await lease.keep();
        // Only over the very object that was looked at: anything written there since is not touched.
        await store.put(w.path, (wanted.get(w.path) as Wanted).object, {
          condition: etag === null ? { ifAbsent: true } : { ifMatch: etag },
          run,
        });
        written++;
      }).catch((error: unknown) => {
        throw fail(`writing ${phase}`, error);
      });
    }
  }
  // Every object of the new site is in place: the manifest (written last) now describes the store.
  committed = true;

  if (plan.deletes.length > 0) {
    // Keep tracking what is about to be deleted until it is gone. Recording it also checks, once more,
    // that no other run has written the record since this one did: only then does it delete.
    const pending: TrackedState = new Map(final);
    for (const path of plan.deletes) pending.set(path, state.get(path) as Tracked);
    await record(pending, 'recording the published site');
    progress({ kind: 'deleting', count: plan.deletes.length });
    for (const phase of [...PHASES].reverse()) {
      const batch = plan.deletes.filter((path) => phaseOfTracked(state, path) === phase);
      await forEachBounded(batch, concurrency, async (path) => {
        await lease.keep();
        const etag = seen.get(path)?.etag;
        try {
          await store.delete(path, etag ? { ifMatch: etag } : {});
          deleted++;
        } catch (error) {
          // Changed since it was looked at: no longer sigcal's to delete. It is left, and forgotten.
          if (!(error instanceof ConditionFailedError)) throw error;
        }
      }).catch((error: unknown) => {
        throw fail('deleting objects the new site no longer has', error);
      });
    }
  }
  const finalText = serialiseState(final);
  if (finalText !== version.text) await record(final, 'recording the published site', finalText);
  return { written, deleted };
}

async function prepare(
  site: Site<Body>,
  store: SiteStore,
  concurrency: number,
  read?: { state: TrackedState; version: StateVersion },
): Promise<Prepared> {
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
  const { state, version } = read ?? (await readState(store));
  const unmarked = (known: Tracked | undefined) => isUnmarked(store, known);
  const isSigcals = (info: StoredObjectInfo, known: Tracked | undefined): boolean => {
    if (info.writtenBy !== null) return true;
    if (known === undefined || info.sha256 === null || (store.keepsMarks && !known.legacy)) return false;
    if (hashesOf(known).includes(info.sha256)) return true;
    // An older sigcal recorded a write it had not finished as null; it put its hash on every object.
    return unmarked(known) && isPending(known) && known.pending.length === 0;
  };

  const writes: PlannedWrite[] = [];
  const collisions: Collision[] = [];
  const seen: Prepared['seen'] = new Map();
  let unchanged = 0;
  const look: string[] = [];
  for (const [path, w] of wanted) {
    if (recordedAsIs(store, path, state.get(path), w.tracked)) unchanged++;
    else look.push(path);
  }
  // Anything that may be written is looked at first: whether it is there, what it holds, whose it is.
  await forEachBounded(look, concurrency, async (path) => {
    const w = wanted.get(path) as Wanted;
    const known = state.get(path);
    const info = await store.head(path);
    if (info === null) {
      seen.set(path, { etag: null, sha256: null });
      writes.push(planned(path, 'new', w));
      return;
    }
    const same =
      info.sha256 === w.tracked.sha256 &&
      (info.contentType === null || info.contentType === w.tracked.contentType) &&
      (info.cacheControl === null || info.cacheControl === w.tracked.cacheControl);
    if (!isSigcals(info, known)) {
      // A folder keeps no marks: a file that already holds exactly what sigcal would write is taken as is.
      if (same && !store.keepsMarks) unchanged++;
      else collisions.push({ path, reason: known ? 'modified' : 'foreign' });
    } else if (same && (info.writtenBy !== null || !store.keepsMarks)) unchanged++;
    else {
      // Changed, or an older sigcal's object that gets its mark.
      seen.set(path, { etag: info.etag, sha256: info.sha256 });
      writes.push(planned(path, 'changed', w));
    }
  });
  const order = (phase: Phase) => PHASES.indexOf(phase);
  writes.sort(
    (a, b) => order(a.phase) - order(b.phase) || rank(a.reason) - rank(b.reason) || compare(a.path, b.path),
  );
  collisions.sort((a, b) => compare(a.path, b.path));

  // What earlier runs published and the site no longer has: deleted if it is still sigcal's.
  const deletes: string[] = [];
  const kept: string[] = [];
  const gone = [...state.keys()].filter((path) => !wanted.has(path));
  await forEachBounded(gone, concurrency, async (path) => {
    const info = await store.head(path);
    if (info === null) return;
    if (isSigcals(info, state.get(path))) {
      seen.set(path, { etag: info.etag, sha256: info.sha256 });
      deletes.push(path);
    } else kept.push(path);
  });
  const deleteOrder = (path: string) => order(phaseOfTracked(state, path));
  deletes.sort((a, b) => deleteOrder(b) - deleteOrder(a) || compare(a, b));
  kept.sort(compare);
  const published = state.size;
  return {
    plan: {
      target: store.description,
      writes,
      unchanged,
      deletes,
      published,
      massDelete: deletes.length > published / 2,
      collisions,
      kept,
    },
    wanted,
    state,
    stateVersion: version,
    seen,
  };
}

/**
 * What makes an object sigcal's (see the top of this file): a store with marks trusts only its marks,
 * except for objects an older sigcal wrote, which carry no mark yet, only their hash; the run that finds
 * them marks them.
 */
function isUnmarked(store: SiteStore, known: Tracked | undefined): boolean {
  return store.keepsMarks && known?.legacy === true;
}

/**
 * The record says the object holds exactly this (and a store that can tell cheaply says it is still
 * there), so sync counts it unchanged without looking at it.
 */
function recordedAsIs(
  store: SiteStore,
  path: string,
  known: Tracked | undefined,
  wanted: Omit<TrackedObject, 'phase'>,
): boolean {
  return (
    known !== undefined &&
    !isPending(known) &&
    !isUnmarked(store, known) &&
    sameTracked(known, wanted) &&
    (store.has?.(path) ?? true)
  );
}

/**
 * The published record, read before a build hands its bodies to `store.aside`: `asIs` tells the
 * objects sync will count unchanged without looking at the store, whose bodies the build need not
 * keep. Passed on to syncSite (`SyncOptions.record`), it is not read a second time. (If another run
 * changes the record before this one writes, the sync stops with {@link StaleBuildError}.)
 */
export class PublishedRecord {
  private constructor(
    readonly store: SiteStore,
    readonly read: { readonly state: TrackedState; readonly version: StateVersion },
  ) {}

  static async of(store: SiteStore): Promise<PublishedRecord> {
    return new PublishedRecord(store, await readState(store));
  }

  asIs(path: string, object: Omit<SiteObject, 'body' | 'phase'>): boolean {
    return recordedAsIs(this.store, path, this.read.state.get(path), {
      sha256: object.sha256,
      contentType: object.contentType,
      cacheControl: object.cacheControl,
    });
  }
}

function planned(path: string, reason: PlannedWrite['reason'], w: Wanted): PlannedWrite {
  return { path, reason, phase: w.object.phase, bytes: w.object.body.byteLength };
}

/**
 * The phase an object was written in, as the state recorded it. An object whose write never finished
 * under an older sigcal has none: it is deleted with the feeds, last, so no page that may still link
 * to it outlives it.
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

async function readState(store: SiteStore): Promise<{ state: TrackedState; version: StateVersion }> {
  const got = await store.get(STATE_PATH);
  if (got === null) return { state: new Map(), version: { text: null, etag: null } };
  const text = new TextDecoder().decode(got.body);
  const where = `${store.description.replace(/\/?$/, '/')}${STATE_PATH}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyncStateError(`${where} is not JSON; move it away to let sigcal start afresh`, {
      cause: error,
    });
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  const objects = (parsed as { objects?: unknown } | null)?.objects;
  if ((format !== STATE_FORMAT && format !== STATE_FORMAT_1) || !isRecord(objects)) {
    throw new SyncStateError(
      `${where} is not a ${STATE_FORMAT} file; move it away to let sigcal start afresh`,
    );
  }
  const phaseOf = (value: unknown): Phase =>
    (PHASES as readonly unknown[]).includes(value) ? (value as Phase) : 'feeds and assets';
  const isHash = (value: unknown): value is string =>
    typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
  const state: TrackedState = new Map();
  for (const [path, entry] of Object.entries(objects)) {
    try {
      assertSitePath(path);
    } catch (error) {
      throw new SyncStateError(`${where} lists an unsafe path "${path}"`, { cause: error });
    }
    // Every object in an older sigcal's record (format 1) predates marks.
    const legacy =
      format === STATE_FORMAT_1 || (isRecord(entry) && entry.legacy === true)
        ? { legacy: true as const }
        : {};
    if (entry === null && format === STATE_FORMAT_1)
      state.set(path, { pending: [], phase: 'feeds and assets', ...legacy });
    else if (isRecord(entry) && Array.isArray(entry.pending) && entry.pending.every(isHash)) {
      state.set(path, { pending: entry.pending, phase: phaseOf(entry.phase), ...legacy });
    } else if (
      isRecord(entry) &&
      isHash(entry.sha256) &&
      typeof entry.contentType === 'string' &&
      typeof entry.cacheControl === 'string'
    ) {
      state.set(path, {
        sha256: entry.sha256,
        contentType: entry.contentType,
        cacheControl: entry.cacheControl,
        phase: phaseOf(entry.phase),
        ...legacy,
      });
    } else throw new SyncStateError(`${where} has a malformed entry for "${path}"`);
  }
  return { state, version: { text, etag: got.etag } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One object per line, paths sorted: the same state always serialises to the same bytes. */
function serialiseState(state: TrackedState): string {
  // The few content types, cache policies and phases, each quoted once.
  const quotedOnce = new Map<string, string>();
  const quote = (text: string) => {
    let json = quotedOnce.get(text);
    if (json === undefined) {
      json = JSON.stringify(text);
      quotedOnce.set(text, json);
    }
    return json;
  };
  const lines = [...state.keys()].sort(compare).map((path) => {
    const entry = state.get(path) as Tracked;
    // What JSON.stringify writes for these objects, without making them: every field is a string
    // (parseState and the site's objects guarantee it).
    const value = isPending(entry)
      ? JSON.stringify({
          pending: entry.pending,
          phase: entry.phase,
          ...(entry.legacy ? { legacy: true } : {}),
        })
      : `{"sha256":${JSON.stringify(entry.sha256)},"contentType":${quote(entry.contentType)},` +
        `"cacheControl":${quote(entry.cacheControl)},"phase":${quote(entry.phase)}${entry.legacy ? ',"legacy":true' : ''}}`;
    return `${JSON.stringify(path)}:${value}`;
  });
  return `{"format":${JSON.stringify(STATE_FORMAT)},"objects":{\n${lines.join(',\n')}\n}}\n`;
}

/**
 * Writes the record only over the version this run last read or wrote: if another run wrote it in
 * between, this one has lost its lease and must stop. Returns the new version.
 */
async function writeState(
  store: SiteStore,
  text: string,
  previous: StateVersion,
  run: string,
): Promise<StateVersion> {
  const body = new TextEncoder().encode(text);
  const etag = await store.put(
    STATE_PATH,
    { body, contentType: 'application/json', cacheControl: 'no-store', sha256: sha256(body) },
    { condition: previous.etag === null ? { ifAbsent: true } : { ifMatch: previous.etag }, run },
  );
  return { text, etag };
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
