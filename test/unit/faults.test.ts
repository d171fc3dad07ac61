import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../functions/core/errors.ts';
import { MANIFEST, STATE_PATH } from '../../functions/core/site-contract.ts';
import { buildInput, runPipeline, SUMMARY_WARNINGS } from '../../functions/pipeline/pipeline.ts';
import { DEFAULT_LEASE, LEASE_PATH } from '../../functions/store/lease.ts';
import { MemoryStore } from '../../functions/store/memory-store.ts';
import type { Site } from '../../functions/store/site.ts';
import { StoreError } from '../../functions/store/site-store.ts';
import { SyncError, syncSite } from '../../functions/store/sync.ts';
import { build, NOW, SITE_URL, SWEEP_NEW, SWEEP_OLD } from '../integration/support/community.ts';
import { brokenLinks } from '../support/links.ts';
import { RecordingStore } from '../support/recording-store.ts';

/*
 * A publish that dies at any store operation, against the in-memory store: either before the
 * operation is done, or after it is done but before its answer arrives. Whatever the position, every
 * link of the published site resolves, the manifest matches the store, every object is tracked, and
 * the next run converges. The same sweeps over HTTP (test/integration/faults-http.test.ts) keep what only
 * S3 can show: the SDK's retries and timeouts, and a retried conditional write finding its own object.
 */

let dir: string;
let oldSite: Site;
let newSite: Site;
const request = (file: string) =>
  ({
    trigger: 'cli',
    source: { kind: 'file', path: file },
    overlay: null,
    input: buildInput({ now: NOW, siteUrl: SITE_URL, keepGoing: false }),
  }) as const;
const file = (name: string) => join(dir, name, 'sigs.yaml');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sigcal-faults-'));
  for (const [name, yaml] of [
    ['old', SWEEP_OLD()],
    ['new', SWEEP_NEW()],
  ] as const) {
    await mkdir(join(dir, name));
    await writeFile(file(name), yaml);
  }
  oldSite = build(SWEEP_OLD(), { file: file('old') }).site;
  newSite = build(SWEEP_NEW(), { previous: oldSite, file: file('new') }).site;
});
afterAll(() => rm(dir, { recursive: true, force: true }));

type When = 'before' | 'after';

/** A store that starts from the old site (an update) or from nothing (a first publish). */
async function start(update: boolean): Promise<MemoryStore> {
  const memory = new MemoryStore();
  if (update) await runPipeline(request(file('old')), memory, {});
  return memory;
}

/** One scenario: every operation from the `at`th on fails, `when` it is done. */
async function scenario(
  at: number,
  when: When,
  update: boolean,
): Promise<{ ok: boolean; problems: string[] }> {
  const memory = await start(update);
  const store = new RecordingStore(memory);
  const fault = (call: { path: string }, n: number) => {
    if (n >= at) throw new StoreError(`injected failure ${when} operation ${n}`, call.path);
  };
  if (when === 'before') store.before = fault;
  else store.after = fault;
  let ok = true;
  const problems: string[] = [];
  try {
    await runPipeline(request(file('new')), store, {});
  } catch (error) {
    ok = false;
    if (!(error instanceof SyncError || error instanceof StoreError))
      problems.push(`unexpected ${String(error)}`);
  }
  problems.push(...consistency(memory, update ? oldSite : new Map(), ok));
  const clock = ok ? Date.now : () => Date.now() + DEFAULT_LEASE.ttlMs + 1;
  await syncSite(newSite, memory, { lease: { clock, waitMs: 0 } }).catch((error: unknown) =>
    problems.push(`the next run failed: ${String(error)}`),
  );
  const after = memory.snapshot();
  const expected = [...newSite.keys(), STATE_PATH, LEASE_PATH].sort();
  if (JSON.stringify([...after.keys()]) !== JSON.stringify(expected)) problems.push('did not converge');
  for (const [path, o] of newSite)
    if (after.get(path)?.sha256 !== o.sha256) problems.push(`did not converge: ${path}`);
  return { ok, problems };
}

/** The invariants that must hold after any run, finished or not. */
function consistency(memory: MemoryStore, old: Site, ok: boolean): string[] {
  const problems: string[] = [];
  const objects = memory.snapshot();
  const holds = (path: string, site: Site) => objects.get(path)?.sha256 === site.get(path)?.sha256;
  const committed = holds(MANIFEST, newSite);
  if (objects.has(MANIFEST) && !committed && !holds(MANIFEST, old)) problems.push('the manifest is neither');
  if (ok && !committed) problems.push('the run succeeded but the new manifest is not published');
  const published = committed ? newSite : old;
  for (const path of published.keys()) {
    if (!objects.has(path)) problems.push(`the manifest lists ${path}, which is missing`);
    // Before the commit, objects may already hold their new content: updates are in place.
    else if (committed ? !holds(path, newSite) : !holds(path, old) && !holds(path, newSite)) {
      problems.push(`${path} does not hold what the manifest says`);
    }
  }
  const state = objects.get(STATE_PATH);
  const tracked = new Set(
    state
      ? Object.keys((JSON.parse(new TextDecoder().decode(state.body)) as { objects: object }).objects)
      : [],
  );
  for (const path of objects.keys()) {
    if (path.startsWith('.sigcal/')) continue;
    if (!old.has(path) && !newSite.has(path)) problems.push(`stray object ${path}`);
    if (!tracked.has(path)) problems.push(`${path} is not tracked, so no later run could delete it`);
  }
  const pages = [...published.keys()].filter((p) => p.endsWith('.html'));
  if (objects.has('index.html')) pages.push('index.html');
  problems.push(...brokenLinks(objects, pages, SITE_URL).map((b) => `broken link ${b}`));
  return problems;
}

describe('publishing (in memory) when every operation fails from some position on', () => {
  for (const update of [true, false]) {
    for (const when of ['before', 'after'] as const) {
      const name = `from the Nth operation on, each fails ${when === 'before' ? 'undone' : 'done but unanswered'}${update ? '' : ', first publish'}`;
      it(name, async () => {
        // How many operations a fault-free run makes.
        const counted = new RecordingStore(await start(update));
        await runPipeline(request(file('new')), counted, {});
        const count = counted.calls.length;
        expect(count).toBeGreaterThan(update ? 25 : 30);
        expect(counted.calls.at(-1)).toMatchObject({ op: 'put', path: LEASE_PATH });

        const failed: number[] = [];
        const broken: string[] = [];
        for (let at = 1; at <= count + 1; at++) {
          const { ok, problems } = await scenario(at, when, update);
          if (!ok) failed.push(at);
          broken.push(...problems.map((p) => `at ${at}: ${p}`));
        }
        expect(broken).toEqual([]);
        // The run dies wherever the failures start, except at its last operation: giving back its
        // lease, which then expires.
        expect(failed).toEqual(Array.from({ length: count - 1 }, (_, i) => i + 1));
      });
    }
  }
});

describe('publishing to a store that cannot be read at all', () => {
  /** A store whose every operation fails as an unreachable endpoint does. */
  const unreachable = () => {
    const store = new RecordingStore(new MemoryStore());
    store.before = (call) => {
      throw new StoreError(`GET ${call.path} failed: connect ECONNREFUSED 127.0.0.1:9`, call.path);
    };
    return store;
  };

  it("reports the source's own errors instead: they stop the run in any case, and need no store to find", async () => {
    const bad = join(dir, 'bad.yaml');
    await writeFile(bad, SWEEP_NEW().replace(/time: "?\d\d:\d\d"?/, 'time: "25:00"'));
    const store = unreachable();
    const refused = runPipeline(request(bad), store, {});
    await expect(refused).rejects.toBeInstanceOf(ValidationError);
    await expect(refused).rejects.toThrow(
      /bad\.yaml:\d+ sigs\[0\]\.meetings\[0\]\.time: "25:00" is not a time of day/,
    );
    // The one read it tried, and nothing else.
    expect(store.calls).toEqual([{ op: 'get', path: MANIFEST, condition: null }]);
  });

  it("reports the store's error when the source is valid", async () => {
    const store = unreachable();
    const refused = runPipeline(request(file('new')), store, {});
    await expect(refused).rejects.toBeInstanceOf(StoreError);
    await expect(refused).rejects.toThrow('GET manifest.json failed: connect ECONNREFUSED 127.0.0.1:9');
    expect(store.calls).toEqual([{ op: 'get', path: MANIFEST, condition: null }]);
  });
});

describe('the run summary', () => {
  it("lists the source's warnings as validate prints them, the first 50, and counts them all", async () => {
    const meetings = Array.from(
      { length: 20 },
      (_, i) =>
        `      - description: Meeting ${i}\n        day: Tuesday\n        time: "${10 + (i % 8)}:00"\n` +
        '        tz: UTC\n        frequency: weekly\n        url: TBD\n        archive_url: n/a\n' +
        '        recordings_url: javascript:alert(1)\n',
    );
    const warned = join(dir, 'warned.yaml');
    await writeFile(warned, `sigs:\n  - dir: sig-a\n    name: A\n    meetings:\n${meetings.join('')}`);
    const summary = await runPipeline(request(warned), new MemoryStore(), {});
    expect(summary.warningCount).toBe(60);
    expect(summary.warnings).toHaveLength(SUMMARY_WARNINGS);
    expect(summary.warnings.slice(0, 3)).toEqual([
      `${warned}:10 sigs[0].meetings[0].url: "TBD" is a placeholder, not a link; left out`,
      `${warned}:11 sigs[0].meetings[0].archive_url: "n/a" is a placeholder, not a link; left out`,
      `${warned}:12 sigs[0].meetings[0].recordings_url: "javascript:alert(1)" is not an http(s) URL; left out`,
    ]);
    // A source without warnings says so.
    const clean = await runPipeline(request(file('new')), new MemoryStore(), {});
    expect(clean).toMatchObject({ warnings: [], warningCount: 0 });
  });
});
