import { describe, expect, it } from 'vitest';
import { PHASES, STATE_PATH } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { acquireLease, LEASE_PATH, LeaseHeldError } from '../../functions/store/lease.ts';
import { MemoryStore } from '../../functions/store/memory-store.ts';
import type { Site } from '../../functions/store/site.ts';
import {
  ForeignObjectError,
  MassDeleteError,
  SyncError,
  type SyncProgress,
  SyncStateError,
  syncSite,
} from '../../functions/store/sync.ts';
import { HAND_SITE_URL, type HandSpec, handSite } from '../support/hand-site.ts';
import { brokenLinks } from '../support/links.ts';
import { publishedProblems } from '../support/published.ts';
import { RecordingStore } from '../support/recording-store.ts';
import { textObject } from '../support/site-store-contract.ts';

/*
 * The sync against the in-memory store, which keeps headers, marks and conditional writes as S3
 * does. What only a real S3 server can show (metadata on the wire, HTTP faults, conditional writes
 * over HTTP, a prefix in a shared bucket) is in test/integration/sync.test.ts and the fault sweeps.
 */

const BASE = {
  'sig-a': { weekly: 'v1', planning: 'v1' },
  'sig-b': { sync: 'v1' },
  'wg-c': { standup: 'v1', review: 'v1' },
} satisfies HandSpec;
const { 'sig-b': _removed, ...WITHOUT_B } = BASE;

function fresh() {
  const memory = new MemoryStore('memory:/site/');
  const store = new RecordingStore(memory);
  /** Paths put or deleted since call `from`, without sigcal's own records. */
  const site = (op: 'put' | 'delete', from = 0) =>
    store.calls
      .slice(from)
      .filter((c) => c.op === op && !c.path.startsWith('.sigcal/'))
      .map((c) => c.path);
  const mark = () => store.calls.length;
  const objects = () => memory.snapshot();
  return { memory, store, site, mark, objects };
}

const keys = (site: Site) => [...site.keys()].sort();
const sorted = (xs: Iterable<string>) => [...xs].sort();
const text = (body: Uint8Array | undefined) => new TextDecoder().decode(body);
/** Quick polls, so runs that wait for each other do not slow the tests. */
const QUICK = { lease: { pollMs: 2 } } as const;

describe('syncSite (in memory)', () => {
  it('writes every object of a first publish, marked with its run, bottom-up between two records of its state', async () => {
    const { store, objects } = fresh();
    const site = handSite(BASE);
    const { plan, summary, run } = await syncSite(site, store);

    expect(summary).toMatchObject({ written: site.size, unchanged: 0, deleted: 0, dryRun: false });
    expect(summary.bytesWritten).toBe([...site.values()].reduce((n, o) => n + o.body.byteLength, 0));
    expect(plan.writes.every((w) => w.reason === 'new')).toBe(true);
    const stored = objects();
    expect(sorted(stored.keys())).toEqual(sorted([...keys(site), STATE_PATH, LEASE_PATH]));
    for (const [path, object] of site) {
      expect(stored.get(path), path).toMatchObject({
        contentType: object.contentType,
        cacheControl: object.cacheControl,
        sha256: object.sha256,
        writtenBy: run,
      });
      expect(text(stored.get(path)?.body)).toBe(text(object.body));
    }
    // The lease is taken first and given back last; the state is recorded before the first object and
    // after the last; objects go phase by phase, each only where nothing is yet.
    const puts = store.calls.filter((c) => c.op === 'put');
    expect(puts.map((c) => c.path).at(0)).toBe(LEASE_PATH);
    expect(puts.map((c) => c.path).at(-1)).toBe(LEASE_PATH);
    const order = puts.map((c) => c.path).filter((p) => p !== LEASE_PATH);
    expect(order[0]).toBe(STATE_PATH);
    expect(order.at(-1)).toBe(STATE_PATH);
    expect(order.at(-2)).toBe('manifest.json');
    const phases = order.slice(1, -1).map((p) => PHASES.indexOf(site.get(p)!.phase));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(puts.every((c) => c.condition !== null && c.run === run)).toBe(true);
    expect(puts.filter((c) => site.has(c.path)).every((c) => c.condition === 'absent')).toBe(true);
  });

  it('writes nothing, and takes no lease, when republishing the same site: one read of its state', async () => {
    const { store, objects, mark } = fresh();
    await syncSite(handSite(BASE), store);
    const before = objects();
    const from = mark();
    const { summary } = await syncSite(handSite(BASE), store);

    expect(summary).toMatchObject({
      written: 0,
      deleted: 0,
      unchanged: handSite(BASE).size,
      bytesWritten: 0,
    });
    expect(store.log(from)).toEqual([`get ${STATE_PATH}`]);
    expect(objects()).toEqual(before);
  });

  it('rewrites only the objects that show a changed meeting, new before changed, each over the version it looked at', async () => {
    const { store, site, mark } = fresh();
    await syncSite(handSite(BASE), store);
    const from = mark();
    const next = { ...BASE, 'sig-a': { weekly: 'v2', planning: 'v1' } };
    const { summary } = await syncSite(handSite(next), store);

    const changed = [
      'calendars/all.ics',
      'calendars/sig-a.ics',
      'calendars/sig-a/weekly.ics',
      'sig-a/weekly.html',
      'sig-a/index.html',
      'manifest.json',
    ];
    expect(summary).toMatchObject({ written: changed.length, deleted: 0 });
    expect(site('put', from)).toEqual(changed);
    expect(site('delete', from)).toEqual([]);
    // Each was looked at (HEAD) before it was overwritten, and overwritten only if still that version.
    expect(sorted(store.log(from, ['head']))).toEqual(sorted(changed.map((p) => `head ${p}`)));
    const puts = store.calls.slice(from).filter((c) => c.op === 'put' && changed.includes(c.path));
    expect(puts.every((c) => c.condition === 'match')).toBe(true);
  });

  it('deletes exactly the objects of a removed group, after the commit, top-down', async () => {
    const { store, site, mark, objects } = fresh();
    await syncSite(handSite(BASE), store);
    const from = mark();
    const { summary } = await syncSite(handSite(WITHOUT_B), store);

    const gone = ['sig-b/index.html', 'sig-b/sync.html', 'calendars/sig-b.ics', 'calendars/sig-b/sync.ics'];
    expect(summary.deleted).toBe(gone.length);
    expect(site('delete', from)).toEqual(gone);
    const log = store.calls.slice(from);
    const commit = log.findIndex((c) => c.op === 'put' && c.path === 'manifest.json');
    expect(commit).toBeGreaterThan(-1);
    expect(log.findIndex((c) => c.op === 'delete')).toBeGreaterThan(commit);
    expect(log.filter((c) => c.op === 'delete').every((c) => c.condition === 'match')).toBe(true);
    expect(sorted(objects().keys())).toEqual(sorted([...keys(handSite(WITHOUT_B)), STATE_PATH, LEASE_PATH]));
    expect(publishedProblems(objects(), HAND_SITE_URL)).toEqual([]);
  });

  it('refuses to delete more than half of the published objects, writing nothing, unless allowed', async () => {
    const { store, objects, mark, site } = fresh();
    await syncSite(handSite(BASE), store);
    const before = objects();
    const from = mark();
    const tiny = handSite({ 'sig-b': { sync: 'v1' } });

    const refused = syncSite(tiny, store);
    await expect(refused).rejects.toBeInstanceOf(MassDeleteError);
    await expect(refused).rejects.toThrow(/refusing to delete \d+ of the \d+ objects.*--allow-mass-delete/);
    expect(site('put', from)).toEqual([]);
    expect(new Map([...objects()].filter(([p]) => p !== LEASE_PATH))).toEqual(
      new Map([...before].filter(([p]) => p !== LEASE_PATH)),
    );

    const { summary } = await syncSite(tiny, store, { allowMassDelete: true });
    expect(summary.deleted).toBeGreaterThan(before.size / 2 - 1);
    expect(sorted(objects().keys())).toEqual(sorted([...keys(tiny), STATE_PATH, LEASE_PATH]));
  });

  it('plans without writing anything, its lease included, on a dry run', async () => {
    const { store, objects, mark } = fresh();
    await syncSite(handSite(BASE), store);
    const before = objects();
    const from = mark();
    const next = { ...BASE, 'sig-a': { weekly: 'v2' }, 'wg-d': { kickoff: 'v1' } };
    const { plan, summary } = await syncSite(handSite(next), store, { dryRun: true });

    expect(summary.dryRun).toBe(true);
    expect(plan.writes.filter((w) => w.reason === 'new').map((w) => w.path)).toEqual([
      'calendars/wg-d.ics',
      'calendars/wg-d/kickoff.ics',
      'wg-d/kickoff.html',
      'wg-d/index.html',
    ]);
    expect(plan.deletes).toEqual(['sig-a/planning.html', 'calendars/sig-a/planning.ics']);
    expect(store.log(from, ['put', 'delete'])).toEqual([]);
    expect(objects()).toEqual(before);
  });

  it('refuses a state file it did not write, and unsafe paths, before writing anything', async () => {
    const { memory, store, site } = fresh();
    await memory.put(STATE_PATH, textObject('{"objects":{"../escape":null}}', 'application/json'));
    await expect(syncSite(handSite(BASE), store)).rejects.toBeInstanceOf(SyncStateError);
    await memory.put(STATE_PATH, textObject('{"format":"sigcal-sync-state/2","objects":{"../escape":{}}}'));
    await expect(syncSite(handSite(BASE), store)).rejects.toThrow(/lists an unsafe path "\.\.\/escape"/);
    const unsafe = new Map(handSite(BASE)).set('../up.html', handSite(BASE).get('index.html')!);
    await expect(syncSite(unsafe, store)).rejects.toThrow(/not a safe site path/);
    expect(site('put')).toEqual([]);
  });
});

describe('syncSite never overwrites or deletes an object it did not write', () => {
  it('refuses, naming the path, to publish where an object it did not write is, writing nothing of the site', async () => {
    // A bucket already holds blog/index.html; a new group "blog" would need that very path.
    const { memory, store, site, objects } = fresh();
    await syncSite(handSite(BASE), store);
    await memory.put('blog/index.html', textObject('<p>our blog</p>'));
    const withBlog = { ...BASE, blog: { 'new-post': 'v1' } };

    const refused = syncSite(handSite(withBlog), store);
    await expect(refused).rejects.toBeInstanceOf(ForeignObjectError);
    await expect(refused).rejects.toThrow(
      /refusing to write the site to memory:\/site\/: an object that sigcal did not write is where the site needs to write: blog\/index\.html \(not written by sigcal\); .*nothing was written \(move them away, or give the group another dir\)$/,
    );
    await expect(refused).rejects.toMatchObject({
      collisions: [{ path: 'blog/index.html', reason: 'foreign' }],
    });
    expect(site('put', 0).filter((p) => p.startsWith('blog/'))).toEqual([]);
    expect(text(objects().get('blog/index.html')?.body)).toBe('<p>our blog</p>');
    // Nor is it adopted: with the group removed again, the object stays where it was.
    await syncSite(handSite(WITHOUT_B), store);
    expect(text(objects().get('blog/index.html')?.body)).toBe('<p>our blog</p>');
  });

  it('leaves a forged state powerless: an object without its mark is never deleted', async () => {
    const { memory, store, objects } = fresh();
    await syncSite(handSite(BASE), store);
    const foreign = { 'notes/index.html': 'mine', 'sig-a/extra.html': 'mine too' };
    for (const [path, body] of Object.entries(foreign)) await memory.put(path, textObject(body));
    // A well-formed state that claims the foreign objects, with their true hashes.
    const state = JSON.parse(text((await memory.get(STATE_PATH))?.body)) as {
      objects: Record<string, unknown>;
    };
    for (const [path, body] of Object.entries(foreign)) {
      state.objects[path] = {
        sha256: sha256(new TextEncoder().encode(body)),
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
        phase: 'meeting pages',
      };
    }
    await memory.put(STATE_PATH, textObject(JSON.stringify(state), 'application/json'));

    const { plan, summary } = await syncSite(handSite(WITHOUT_B), store);
    expect(plan.kept).toEqual(['notes/index.html', 'sig-a/extra.html']);
    expect(summary.deleted).toBe(4);
    for (const [path, body] of Object.entries(foreign))
      expect(text(objects().get(path)?.body), path).toBe(body);
    // They are forgotten: the state lists only the site.
    const after = JSON.parse(text((await memory.get(STATE_PATH))?.body)) as { objects: object };
    expect(sorted(Object.keys(after.objects))).toEqual(keys(handSite(WITHOUT_B)));
  });

  it('neither overwrites nor deletes an object someone changed since sigcal wrote it', async () => {
    const { memory, store, objects } = fresh();
    await syncSite(handSite(BASE), store);
    await memory.put('sig-a/weekly.html', textObject('<p>edited by hand</p>'));
    await memory.put('sig-b/sync.html', textObject('<p>also edited</p>'));

    // The new site needs sig-a/weekly.html: refused, naming it, before anything is written.
    const next = { ...WITHOUT_B, 'sig-a': { weekly: 'v2', planning: 'v1' } };
    const refused = syncSite(handSite(next), store);
    await expect(refused).rejects.toThrow(/sig-a\/weekly\.html \(changed since sigcal wrote it\)/);
    await expect(refused).rejects.toMatchObject({
      collisions: [{ path: 'sig-a/weekly.html', reason: 'modified' }],
    });
    expect(text(objects().get('sig-a/weekly.html')?.body)).toBe('<p>edited by hand</p>');

    // Once the edited page is moved away, the run goes ahead, and keeps the other edited page
    // (sig-b is removed) in place instead of deleting it.
    await memory.delete('sig-a/weekly.html');
    const { plan } = await syncSite(handSite(next), store);
    expect(plan.kept).toEqual(['sig-b/sync.html']);
    expect(text(objects().get('sig-b/sync.html')?.body)).toBe('<p>also edited</p>');
    expect(objects().has('sig-b/index.html')).toBe(false);
    expect(publishedProblems(objects(), HAND_SITE_URL, (p) => p === 'sig-b/sync.html')).toEqual([]);
  });

  it('takes over the objects an older sigcal wrote (a sigcal-sync-state/1 record, no marks)', async () => {
    // An older sigcal kept the body hash as metadata but no mark, and wrote format 1 of the record,
    // where a write it had not finished was `null`.
    const { memory, store, objects } = fresh();
    const old = handSite(BASE);
    const entries: string[] = [];
    for (const [path, o] of old) {
      await memory.put(path, o);
      entries.push(
        `${JSON.stringify(path)}:${path === 'calendars/all.ics' ? 'null' : JSON.stringify({ sha256: o.sha256, contentType: o.contentType, cacheControl: o.cacheControl, phase: o.phase })}`,
      );
    }
    await memory.put(
      STATE_PATH,
      textObject(
        `{"format":"sigcal-sync-state/1","objects":{\n${entries.join(',\n')}\n}}\n`,
        'application/json',
      ),
    );
    const next = { ...WITHOUT_B, 'sig-a': { weekly: 'v2', planning: 'v1' } };
    const { summary, run } = await syncSite(handSite(next), store);
    expect(summary.deleted).toBe(4);
    expect(objects().get('sig-a/weekly.html')?.writtenBy).toBe(run);
    expect(sorted(objects().keys())).toEqual(sorted([...keys(handSite(next)), STATE_PATH, LEASE_PATH]));
    expect(text((await memory.get(STATE_PATH))?.body)).toMatch(/^\{"format":"sigcal-sync-state\/2"/);
  });

  it('finishes marking an older sigcal’s objects after a run that died halfway through', async () => {
    const { memory, store, objects } = fresh();
    const old = handSite(BASE);
    const entries: string[] = [];
    for (const [path, o] of old) {
      await memory.put(path, o);
      const entry = {
        sha256: o.sha256,
        contentType: o.contentType,
        cacheControl: o.cacheControl,
        phase: o.phase,
      };
      entries.push(`${JSON.stringify(path)}:${JSON.stringify(entry)}`);
    }
    await memory.put(
      STATE_PATH,
      textObject(
        `{"format":"sigcal-sync-state/1","objects":{\n${entries.join(',\n')}\n}}\n`,
        'application/json',
      ),
    );
    // The run dies after marking three objects.
    let marked = 0;
    store.before = (call) => {
      if (call.op === 'put' && old.has(call.path) && ++marked > 3) throw new Error('the process died');
    };
    await expect(syncSite(handSite(BASE), store, { concurrency: 1 })).rejects.toBeInstanceOf(SyncError);
    store.before = null;
    const next = { ...WITHOUT_B, 'sig-a': { weekly: 'v2', planning: 'v1' } };
    // The next run comes after the dead run's lease has expired.
    await syncSite(handSite(next), store, { lease: { clock: () => Date.now() + 3_600_000 } });
    for (const path of handSite(next).keys()) expect(objects().get(path)?.writtenBy, path).not.toBeNull();
    expect(sorted(objects().keys())).toEqual(sorted([...keys(handSite(next)), STATE_PATH, LEASE_PATH]));
    expect(text((await memory.get(STATE_PATH))?.body)).not.toContain('legacy');
  });

  it('adopts its own marked objects when its state is missing, rewriting none', async () => {
    const { memory, store, site, mark } = fresh();
    await syncSite(handSite(BASE), store);
    await memory.delete(STATE_PATH);
    const from = mark();
    const { summary } = await syncSite(handSite(BASE), store);
    expect(summary).toMatchObject({ written: 0, unchanged: handSite(BASE).size });
    expect(store.log(from, ['head'])).toHaveLength(handSite(BASE).size);
    expect(site('put', from)).toEqual([]);
    expect(await memory.head(STATE_PATH)).not.toBeNull();
  });

  it('offers each way that frees the paths in its way, for the kinds of object there', () => {
    const mixed = new ForeignObjectError('memory:/site/', [
      { path: 'blog/index.html', reason: 'foreign' },
      { path: 'sig-a/weekly.html', reason: 'modified' },
    ]);
    expect(mixed.message).toBe(
      'refusing to write the site to memory:/site/: 2 objects that sigcal did not write are where the site ' +
        'needs to write: blog/index.html (not written by sigcal), sig-a/weekly.html (changed since sigcal ' +
        'wrote it); sigcal never overwrites them, and nothing was written (move them away, or delete one ' +
        'changed since sigcal wrote it, to hand its path back, or give the group another dir)',
    );
    const many = new ForeignObjectError(
      'memory:/site/',
      Array.from({ length: 12 }, (_, i) => ({ path: `g/${i}.html`, reason: 'modified' as const })),
    );
    expect(many.message).toContain('g/9.html (changed since sigcal wrote it) and 2 more;');
    expect(many.message).not.toContain('g/10.html');
    expect(many.message).toMatch(
      /\(move them away, or delete one changed since sigcal wrote it, to hand its path back\)$/,
    );
  });
});

describe('syncSite takes turns: one run writes at a time', () => {
  it('a second run waits for the lease, then publishes over the first; their writes never interleave', async () => {
    const { store, objects } = fresh();
    const a = handSite(BASE);
    const b = handSite({ 'wg-x': { one: 'v1', two: 'v1' }, 'wg-y': { three: 'v1' } });
    const waits: SyncProgress[] = [];
    // The second run starts as soon as the first has taken the lease.
    let second: ReturnType<typeof syncSite> | undefined;
    store.after = (call) => {
      if (call.op === 'put' && call.path === LEASE_PATH) {
        second ??= syncSite(b, store, {
          ...QUICK,
          allowMassDelete: true,
          onProgress: (p) => (p.kind === 'waiting' ? waits.push(p) : undefined),
        });
      }
    };
    const first = await syncSite(a, store, { ...QUICK, allowMassDelete: true });
    const { run } = await (second as ReturnType<typeof syncSite>);
    expect(waits).toEqual([{ kind: 'waiting', holder: expect.objectContaining({ run: first.run }) }]);
    // Every write of the site, in order, by run: all of the first run's, then all of the second's.
    const writes = store.calls.filter((c) => (c.op === 'put' || c.op === 'delete') && c.path !== LEASE_PATH);
    const byRun = writes.map((c) => (c.op === 'delete' ? run : c.run));
    expect(byRun.filter((r, i) => i > 0 && r !== byRun[i - 1])).toEqual([run]);
    expect(sorted(objects().keys())).toEqual(sorted([...keys(b), STATE_PATH, LEASE_PATH]));
    expect(publishedProblems(objects(), HAND_SITE_URL)).toEqual([]);
  });

  it('two runs of different sources, the second started at every point of the first, leave a consistent site', async () => {
    const before = handSite({ 'wg-x': { one: 'v1', two: 'v1' }, 'sig-a': { weekly: 'v9' } });
    const a = handSite(BASE);
    const c = handSite({ ...BASE, 'wg-z': { late: 'v1' } });
    const options = { ...QUICK, allowMassDelete: true };
    // How many operations the first run makes on a store that holds the earlier site.
    const solo = fresh();
    await syncSite(before, solo.store, options);
    const from = solo.mark();
    await syncSite(a, solo.store, options);
    const count = solo.mark() - from;
    expect(count).toBeGreaterThan(30);

    for (let at = 1; at <= count + 1; at++) {
      const { store, objects } = fresh();
      await syncSite(before, store, options);
      const started = store.calls.length;
      const finished: Site[] = [];
      let second: Promise<unknown> | undefined;
      store.before = (_call, n) => {
        if (n === started + at) second ??= syncSite(c, store, options).then(() => finished.push(c));
      };
      await syncSite(a, store, options).then(() => finished.push(a));
      await second;
      store.before = null;
      const after = `the second run started at operation ${at} of ${count}`;
      expect(publishedProblems(objects(), HAND_SITE_URL), after).toEqual([]);
      const last = finished.at(-1) as Site;
      expect(objects().get('manifest.json')?.sha256, after).toBe(last.get('manifest.json')?.sha256);
      // The record is exact, so the next run trusts it and has nothing to do.
      expect((await syncSite(last, store)).summary, after).toMatchObject({ written: 0, deleted: 0 });
    }
  });

  it('fails, naming the holder, when the lease stays held longer than it will wait; writes nothing', async () => {
    const { store, site } = fresh();
    await acquireLease(store, 'run-elsewhere', {
      holder: 'sigcal publish on laptop (pid 4242)',
      clock: () => Date.parse('2026-03-03T12:00:00Z'),
      ttlMs: 10 * 365 * 86_400_000,
    });
    const waits: SyncProgress[] = [];
    const failing = syncSite(handSite(BASE), store, {
      lease: { waitMs: 30, pollMs: 5 },
      onProgress: (p) => (p.kind === 'waiting' ? waits.push(p) : undefined),
    });
    await expect(failing).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(failing).rejects.toThrow(
      /^memory:\/site\/ is being published by another run: run run-elsewhere \(sigcal publish on laptop \(pid 4242\)\) has held its lease since 2026-03-03T12:00:00\.000Z, until 2036-.*; waited 0 s, wrote nothing/,
    );
    expect(waits).toHaveLength(1);
    expect(site('put')).toEqual([]);
  });

  it('takes over the lease of a run that died, once it has expired', async () => {
    const { store } = fresh();
    let now = Date.parse('2026-03-03T12:00:00Z');
    const clock = () => now;
    await acquireLease(store, 'run-that-died', { clock, ttlMs: 60_000 });
    await expect(syncSite(handSite(BASE), store, { lease: { clock, waitMs: 0 } })).rejects.toBeInstanceOf(
      LeaseHeldError,
    );
    now += 60_001;
    const { summary } = await syncSite(handSite(BASE), store, { lease: { clock, waitMs: 0 } });
    expect(summary.written).toBe(handSite(BASE).size);
  });

  it('renews its lease while it writes, so a long run keeps it', async () => {
    const { store } = fresh();
    let now = Date.parse('2026-03-03T12:00:00Z');
    // Each write takes 20 s of a 60 s lease: the run renews it whenever a third is gone.
    store.after = (call) => {
      if (call.op === 'put' && call.path !== LEASE_PATH) now += 20_000;
    };
    const { summary } = await syncSite(handSite(BASE), store, {
      concurrency: 1,
      lease: { clock: () => now, ttlMs: 60_000 },
    });
    expect(summary.written).toBe(handSite(BASE).size);
    const leases = store.calls.filter((c) => c.op === 'put' && c.path === LEASE_PATH);
    const writes = store.calls.filter((c) => c.op === 'put' && c.path !== LEASE_PATH);
    // Taken, renewed before each write after the first (the state's included), given back.
    expect(leases.length).toBe(1 + (writes.length - 1) + 1);
    expect(leases.slice(1).every((c) => c.condition === 'match')).toBe(true);
  });

  it('a run whose lease expired and was taken over writes nothing more', async () => {
    const { store, objects } = fresh();
    let now = Date.parse('2026-03-03T12:00:00Z');
    const clock = () => now;
    // After its first object the run stalls (a paused process) long enough for its lease to expire,
    // and another run takes the lease.
    store.after = async (call) => {
      if (call.op === 'put' && call.path === 'assets/site.css') {
        now += 10 * 60_000;
        await acquireLease(store.inner, 'run-newer', { clock });
      }
    };
    const failing = syncSite(handSite(BASE), store, { concurrency: 1, lease: { clock, ttlMs: 60_000 } });
    await expect(failing).rejects.toBeInstanceOf(SyncError);
    await expect(failing).rejects.toThrow(/the lease of run .* expired/);
    store.after = null;
    const written = store.calls.filter(
      (c) => c.op === 'put' && c.path !== LEASE_PATH && c.path !== STATE_PATH,
    );
    expect(written.map((c) => c.path)).toEqual(['assets/site.css']);
    expect(objects().get(LEASE_PATH)?.writtenBy).toBe('run-newer');
  });

  it('records its state only over the version it read: a record changed under it stops the run', async () => {
    const { memory, store } = fresh();
    await syncSite(handSite(BASE), store);
    store.before = async (call) => {
      if (call.op === 'put' && call.path === 'manifest.json') {
        await memory.put(STATE_PATH, textObject('{"format":"sigcal-sync-state/2","objects":{}}'));
      }
    };
    const failing = syncSite(handSite(WITHOUT_B), store);
    await expect(failing).rejects.toBeInstanceOf(SyncError);
    await expect(failing).rejects.toMatchObject({ committed: true });
    await expect(failing).rejects.toThrow(/recording the published site: .*state\.json/);
    // It stopped there: nothing deleted on the strength of a record it no longer owns.
    expect(store.calls.filter((c) => c.op === 'delete')).toEqual([]);
  });
});

describe('brokenLinks (test helper)', () => {
  it('finds a link to a missing page', () => {
    const site = new Map(handSite(BASE));
    site.delete('sig-b/index.html');
    expect(brokenLinks(site, ['index.html'], HAND_SITE_URL)).toEqual(['index.html → sig-b/index.html']);
  });
});
