import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { STATE_PATH } from '../../../functions/core/site-contract.ts';
import { buildInput, runPipeline } from '../../../functions/pipeline/pipeline.ts';
import { DEFAULT_LEASE, LEASE_PATH } from '../../../functions/store/lease.ts';
import { S3Store } from '../../../functions/store/s3-store.ts';
import type { Site } from '../../../functions/store/site.ts';
import { StoreError } from '../../../functions/store/site-store.ts';
import { SyncError, syncSite } from '../../../functions/store/sync.ts';
import { brokenLinks } from '../../support/links.ts';
import { build, NOW, SITE_URL, SWEEP_NEW, SWEEP_OLD } from './community.ts';
import { type FaultKind, type FaultProxy, type ProxiedRequest, startFaultProxy } from './fault-proxy.ts';
import { listBucket, type RunningS3, startS3, text } from './s3.ts';

/*
 * Fault sweeps: for a failure at each request position chosen below, the run either completes
 * through the SDK's retries or fails; either way every link of the published site resolves, the
 * manifest matches the bucket, every object is tracked (so the next run can clean it up), and the
 * next run converges. A run that dies may leave its lease behind: the next run comes once it has
 * expired, as after a crash. One test file uses them (module-level state: one setup at a time).
 */

const PREFIX = 'site/';
let s3: RunningS3;
let proxy: FaultProxy;
let dir: string;
let oldFile: string;
let newFile: string;
let oldSite: Site;
let newSite: Site;
/** Every body either site has, by MD5 (the ETag of a plain PUT): a listing then says what each object holds. */
const bodies = new Map<string, Uint8Array>();
const md5 = (body: Uint8Array) => createHash('md5').update(body).digest('hex');

// Each request costs s3rver a few milliseconds, and the sweeps make thousands.
const OLD = SWEEP_OLD();
const NEW = SWEEP_NEW();

async function setUp(): Promise<void> {
  s3 = await startS3();
  proxy = await startFaultProxy(s3.endpoint);
  dir = await mkdtemp(join(tmpdir(), 'sigcal-faults-'));
  oldFile = join(dir, 'old', 'sigs.yaml');
  newFile = join(dir, 'new', 'sigs.yaml');
  await mkdir(join(dir, 'old'));
  await mkdir(join(dir, 'new'));
  await writeFile(oldFile, OLD);
  await writeFile(newFile, NEW);
  oldSite = build(OLD, { file: oldFile }).site;
  newSite = build(NEW, { previous: oldSite, file: newFile }).site;
  for (const site of [oldSite, newSite]) for (const o of site.values()) bodies.set(md5(o.body), o.body);
  // Templates the scenarios start from: an empty bucket, and one with the old site published.
  await s3.createBucket('template-empty');
  await s3.createBucket('template-old');
  await runPipeline(request(oldFile), directStore('template-old'), {});
}

async function tearDown(): Promise<void> {
  await proxy.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
}

function request(file: string) {
  return {
    trigger: 'cli',
    source: { kind: 'file', path: file },
    overlay: null,
    input: buildInput({ now: NOW, siteUrl: SITE_URL, keepGoing: false }),
  } as const;
}

/**
 * Through the proxy, with three attempts. Where the fault is a stall, timeouts short enough that the
 * sweep stays quick, yet long enough that a busy test machine does not time out healthy requests;
 * for any other fault, timeouts no healthy request comes near even with the whole suite running (a
 * timeout there would be a second fault, which the sweep does not plan: one was seen at 1.5 s).
 */
const faultyStore = (bucket: string, kind: FaultKind | null) =>
  new S3Store(
    s3.client({
      endpoint: proxy.endpoint,
      maxAttempts: 3,
      requestTimeoutMs: kind === 'stall' ? 1_500 : 10_000,
      connectionTimeoutMs: kind === 'stall' ? 1_000 : 5_000,
    }),
    bucket,
    PREFIX,
  );
const directStore = (bucket: string) => new S3Store(s3.admin, bucket, PREFIX);

let buckets = 0;

interface Scenario {
  readonly kind: FaultKind;
  readonly at: number;
  readonly persistent: boolean;
  /** Start from the old site (an update), or from an empty bucket (a first publish). */
  readonly update: boolean;
}

/** Runs one scenario: whether the run completed, and every invariant it broke. */
async function scenario(s: Scenario): Promise<{ ok: boolean; problems: string[] }> {
  const bucket = `fault-${++buckets}`;
  await s3.cloneBucket(s.update ? 'template-old' : 'template-empty', bucket);
  proxy.plan(bucket, { kind: s.kind, at: s.at, persistent: s.persistent });
  let ok = true;
  const problems: string[] = [];
  try {
    await runPipeline(request(newFile), faultyStore(bucket, s.kind), {});
  } catch (error) {
    ok = false;
    if (!(error instanceof SyncError || error instanceof StoreError))
      problems.push(`unexpected ${String(error)}`);
  }
  proxy.plan(bucket, null);
  problems.push(...(await consistency(bucket, s.update ? oldSite : new Map(), ok)));
  // The next fault-free run converges on exactly the new site. After a run that died, it comes once
  // the lease that run may have left has expired, as after a crash.
  const clock = ok ? Date.now : () => Date.now() + DEFAULT_LEASE.ttlMs + 1;
  await syncSite(newSite, directStore(bucket), { lease: { clock, waitMs: 0 } }).catch((error: unknown) =>
    problems.push(`the next run failed: ${String(error)}`),
  );
  const after = await listBucket(s3.admin, bucket, PREFIX);
  const expected = [...newSite.keys(), STATE_PATH, LEASE_PATH].sort();
  if (JSON.stringify([...after.keys()]) !== JSON.stringify(expected)) {
    problems.push(`did not converge: ${[...after.keys()].join(', ')}`);
  }
  for (const [path, o] of newSite)
    if (after.get(path) !== md5(o.body)) problems.push(`did not converge: ${path}`);
  return { ok, problems };
}

/** The invariants that must hold after any run, finished or not. */
async function consistency(bucket: string, old: Site, ok: boolean): Promise<string[]> {
  const problems: string[] = [];
  const etags = await listBucket(s3.admin, bucket, PREFIX);
  const objects = new Map<string, { body: Uint8Array }>();
  for (const [path, etag] of etags) {
    const body = bodies.get(etag);
    if (body) objects.set(path, { body });
    else if (!path.startsWith('.sigcal/')) problems.push(`${path} holds content of neither site`);
  }
  const holds = (path: string, site: Site) =>
    etags.get(path) === md5(site.get(path)?.body ?? new Uint8Array());
  const committed = holds('manifest.json', newSite);
  if (etags.has('manifest.json') && !committed && !holds('manifest.json', old)) {
    problems.push('manifest.json is neither the old nor the new one');
  }
  if (ok && !committed) problems.push('the run succeeded but the new manifest is not published');
  // The manifest matches the bucket: every object it lists is there, with the content it lists
  // (before the commit, objects may already hold their new content: updates are in place).
  const published = committed ? newSite : old;
  for (const path of published.keys()) {
    if (!etags.has(path)) problems.push(`the manifest lists ${path}, which is missing`);
    else if (committed ? !holds(path, newSite) : !holds(path, old) && !holds(path, newSite)) {
      problems.push(`${path} does not hold what the manifest says`);
    }
  }
  if (ok && etags.size !== newSite.size + 2) problems.push(`the run succeeded but left extra objects`);
  // Nothing stray, and everything tracked, so a later run can clean it up.
  const state = await directStore(bucket).get(STATE_PATH);
  const tracked = new Set(
    state ? Object.keys((JSON.parse(text(state.body)) as { objects: object }).objects) : [],
  );
  for (const path of etags.keys()) {
    if (path.startsWith('.sigcal/')) continue;
    if (!old.has(path) && !newSite.has(path)) problems.push(`stray object ${path}`);
    if (!tracked.has(path)) problems.push(`${path} is not tracked, so no later run could delete it`);
  }
  // Every link of every published page, and of every page reachable from the index, resolves.
  const pages = [...published.keys()].filter((p) => p.endsWith('.html'));
  if (etags.has('index.html')) pages.push('index.html');
  problems.push(...brokenLinks(objects, pages, SITE_URL).map((b) => `broken link ${b}`));
  return problems;
}

/** Runs scenarios side by side (each has its own bucket, so they do not interfere); most of their time is spent waiting on timeouts and backoff. */
async function all(scenarios: readonly Scenario[], parallel = 16) {
  const results: { s: Scenario; ok: boolean; problems: string[] }[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < scenarios.length) {
        const s = scenarios[next++] as Scenario;
        results.push({ s, ...(await scenario(s)) });
      }
    }),
  );
  return results.sort((a, b) => a.s.at - b.s.at);
}

/** The requests a fault-free run makes, as the proxy saw them. */
const counts = new Map<boolean, Promise<readonly ProxiedRequest[]>>();
function faultFreeRun(update: boolean): Promise<readonly ProxiedRequest[]> {
  const count =
    counts.get(update) ??
    (async () => {
      const bucket = `fault-${++buckets}`;
      await s3.cloneBucket(update ? 'template-old' : 'template-empty', bucket);
      await runPipeline(request(newFile), faultyStore(bucket, null), {});
      const log = proxy.requests(bucket);
      // The run ends by giving back its lease.
      if (log.at(-1)?.method !== 'PUT' || log.at(-1)?.key !== PREFIX + LEASE_PATH) {
        throw new Error(
          `a run's last request is not the release of its lease: ${JSON.stringify(log.at(-1))}`,
        );
      }
      return log;
    })();
  counts.set(update, count);
  return count;
}

/** Which of sigcal's objects a request is on: one that carries the run's state, or any other. */
const objectOf = (key: string) =>
  key.endsWith('.sigcal/lease.json') || key.endsWith('.sigcal/state.json') || key.endsWith('manifest.json')
    ? key.slice(key.lastIndexOf('/') + 1)
    : 'object';

/** A request's kind: method, condition, and which of sigcal's objects. */
const kindOf = (r: ProxiedRequest) => `${r.method} ${r.condition ?? ''} ${objectOf(r.key)}`;

/**
 * The positions a sweep fails, and one past the end (no fault hits): the first request of each kind,
 * and with `everyStateRequest`, every request on the objects that carry the run's state (lease, sync
 * state, manifest) as well.
 *
 * For a fault S3 answers before applying the request (500, 503), the SDK retries it before sigcal sees
 * anything: requests of one kind then take the same path, wherever they fall. For a fault that lands
 * after S3 applied the request (reset, stall), what happens next depends on the request's kind and, on
 * those three objects, on the step of the run (the state is written before, between and after the
 * writes and deletes); every object write or delete of one kind is retried, or gives up, the same way.
 * Failing the run at every single position, done or undone, is swept in memory
 * (test/unit/faults.test.ts), where it costs nothing; what only HTTP shows is the SDK's retries,
 * timeouts and a retried conditional write finding its own object, per kind of request.
 */
function chosenPositions(log: readonly ProxiedRequest[], everyStateRequest: boolean): number[] {
  const kinds = new Set<string>();
  const at: number[] = [];
  for (const r of log) {
    const kind = kindOf(r);
    if (!kinds.has(kind) || (everyStateRequest && objectOf(r.key) !== 'object')) at.push(r.n);
    kinds.add(kind);
  }
  return [...at, log.length + 1];
}

/** Registers the setup and returns `sweep`, which defines one test: a fault at each chosen position. */
export function faultSweeps(): {
  sweep(kind: FaultKind, persistent: boolean, update?: boolean): void;
} {
  beforeAll(setUp);
  afterAll(tearDown);
  return {
    sweep(kind, persistent, update = true) {
      const what = kind === 'stall' ? 'stalls' : `fails (${kind})`;
      const unapplied = !persistent && (kind === '500' || kind === 'slowdown');
      const name = `${persistent ? 'every request from' : 'the'} Nth ${what}${update ? '' : ', first publish'}${unapplied ? ', for each kind of request' : ', for every step of the state and each kind of request'}`;
      it(name, async () => {
        const log = await faultFreeRun(update);
        const count = log.length;
        expect(count).toBeGreaterThan(update ? 15 : 25);
        const at = chosenPositions(log, !unapplied);
        const results = await all(at.map((at) => ({ kind, at, persistent, update })));
        const broken = results.filter((r) => r.problems.length > 0);
        expect(broken.map((r) => `at ${r.s.at}: ${r.problems.join('; ')}`)).toEqual([]);
        const failed = results.filter((r) => !r.ok).map((r) => r.s.at);
        // A lasting failure kills the run wherever it starts, except at its last request: the site is
        // published then, and a lease that cannot be given back expires. A single failure is absorbed
        // by the SDK's retries.
        expect(failed).toEqual(persistent ? at.filter((n) => n < count) : []);
      }, 120_000);
    },
  };
}
