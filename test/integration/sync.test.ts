import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHASES, STATE_PATH } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import type { Site } from '../../functions/store/site.ts';
import { MassDeleteError, SyncStateError, syncSite } from '../../functions/store/sync.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';
import { HAND_SITE_URL, handSite } from './support/hand-site.ts';
import { brokenLinks } from './support/links.ts';
import { putObject, type RunningS3, readBucket, startS3, text } from './support/s3.ts';

let s3: RunningS3;
let proxy: FaultProxy;
let buckets = 0;
const PREFIX = 'site/';

beforeAll(async () => {
  s3 = await startS3();
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy.close();
  await s3.close();
});

const BASE = {
  'sig-a': { weekly: 'v1', planning: 'v1' },
  'sig-b': { sync: 'v1' },
  'wg-c': { standup: 'v1', review: 'v1' },
};

/** A fresh bucket and a store that reaches it through the (fault-free) recording proxy. */
async function fresh() {
  const bucket = `sync-${++buckets}`;
  await s3.createBucket(bucket);
  const store = new S3Store(s3.client({ endpoint: proxy.endpoint }), bucket, PREFIX);
  const puts = (from = 0) =>
    proxy
      .requests(bucket)
      .slice(from)
      .filter((r) => r.method === 'PUT')
      .map((r) => r.key.slice(PREFIX.length));
  const deletes = (from = 0) =>
    proxy
      .requests(bucket)
      .slice(from)
      .filter((r) => r.method === 'DELETE')
      .map((r) => r.key.slice(PREFIX.length));
  const mark = () => proxy.requests(bucket).length;
  const contents = () => readBucket(s3.admin, bucket);
  return { bucket, store, puts, deletes, mark, contents };
}

const paths = (site: Site) => [...site.keys()].sort();
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('syncSite to S3 (s3rver)', () => {
  it('writes every object of a first publish with its Content-Type, Cache-Control and sha256, bottom-up', async () => {
    const { store, puts, contents } = await fresh();
    const site = handSite(BASE);
    const { plan, summary } = await syncSite(site, store);

    expect(summary).toMatchObject({ written: site.size, unchanged: 0, deleted: 0, dryRun: false });
    expect(summary.bytesWritten).toBe([...site.values()].reduce((n, o) => n + o.body.byteLength, 0));
    expect(plan.writes.every((w) => w.reason === 'new')).toBe(true);
    const bucket = await contents();
    expect(sorted(bucket.keys())).toEqual(sorted([...paths(site), STATE_PATH].map((p) => PREFIX + p)));
    for (const [path, object] of site) {
      const stored = bucket.get(PREFIX + path);
      expect(stored?.contentType, path).toBe(object.contentType);
      expect(stored?.cacheControl, path).toBe(object.cacheControl);
      expect(stored?.sha256, path).toBe(sha256(object.body));
      expect(text(stored?.body ?? new Uint8Array())).toBe(text(object.body));
    }
    // The state is recorded before the first object and after the last; objects go phase by phase.
    const order = puts();
    expect(order[0]).toBe(STATE_PATH);
    expect(order.at(-1)).toBe(STATE_PATH);
    const phases = order.slice(1, -1).map((p) => PHASES.indexOf(site.get(p)!.phase));
    expect(phases).toEqual([...phases].sort((a, b) => a - b));
    expect(order.at(-2)).toBe('manifest.json');
  });

  it('writes and deletes nothing when republishing the same site (one GET of its state)', async () => {
    const { store, mark, contents } = await fresh();
    await syncSite(handSite(BASE), store);
    const before = await contents();
    const from = mark();
    const { summary } = await syncSite(handSite(BASE), store);

    expect(summary).toMatchObject({
      written: 0,
      deleted: 0,
      unchanged: handSite(BASE).size,
      bytesWritten: 0,
    });
    expect(
      proxy
        .requests(store.bucket)
        .slice(from)
        .map((r) => `${r.method} ${r.key}`),
    ).toEqual([`GET ${PREFIX}${STATE_PATH}`]);
    expect(await contents()).toEqual(before);
  });

  it('rewrites only the objects that show a changed meeting, new objects before changed ones', async () => {
    const { store, puts, deletes, mark } = await fresh();
    await syncSite(handSite(BASE), store);
    const from = mark();
    const next = { ...BASE, 'sig-a': { weekly: 'v2', planning: 'v1' } };
    const { summary } = await syncSite(handSite(next), store);

    const objects = [
      'calendars/sig-a/weekly.ics',
      'calendars/sig-a.ics',
      'calendars/all.ics',
      'sig-a/weekly.html',
      'sig-a/index.html',
      'manifest.json',
    ];
    expect(summary).toMatchObject({ written: objects.length, deleted: 0 });
    expect(puts(from).filter((p) => p !== STATE_PATH)).toEqual([
      'calendars/all.ics',
      'calendars/sig-a.ics',
      'calendars/sig-a/weekly.ics',
      'sig-a/weekly.html',
      'sig-a/index.html',
      'manifest.json',
    ]);
    expect(deletes(from)).toEqual([]);
  });

  it('deletes exactly the objects of a removed group, after the commit, top-down', async () => {
    const { store, puts, deletes, mark, contents } = await fresh();
    await syncSite(handSite(BASE), store);
    const from = mark();
    const { 'sig-b': _removed, ...rest } = BASE;
    const { summary } = await syncSite(handSite(rest), store);

    const gone = ['sig-b/index.html', 'sig-b/sync.html', 'calendars/sig-b.ics', 'calendars/sig-b/sync.ics'];
    expect(summary.deleted).toBe(gone.length);
    expect(deletes(from)).toEqual(gone);
    // Deletions come after the manifest (the commit point).
    const log = proxy.requests(store.bucket).slice(from);
    const commit = log.findIndex((r) => r.method === 'PUT' && r.key === `${PREFIX}manifest.json`);
    const firstDelete = log.findIndex((r) => r.method === 'DELETE');
    expect(commit).toBeGreaterThan(-1);
    expect(firstDelete).toBeGreaterThan(commit);
    expect(puts(from)).not.toContain('sig-b/index.html');
    const bucket = await contents();
    expect(sorted(bucket.keys())).toEqual(
      sorted([...paths(handSite(rest)), STATE_PATH].map((p) => PREFIX + p)),
    );
    expect(
      brokenLinks(
        new Map([...bucket].map(([k, v]) => [k.slice(PREFIX.length), v])),
        ['index.html'],
        HAND_SITE_URL,
      ),
    ).toEqual([]);
  });

  it('refuses to delete more than half of the published objects, writing nothing, unless allowed', async () => {
    const { store, contents, mark, puts } = await fresh();
    await syncSite(handSite(BASE), store);
    const before = await contents();
    const from = mark();
    const tiny = handSite({ 'sig-b': { sync: 'v1' } });

    const refused = syncSite(tiny, store);
    await expect(refused).rejects.toBeInstanceOf(MassDeleteError);
    await expect(refused).rejects.toThrow(/refusing to delete \d+ of the \d+ objects.*--allow-mass-delete/);
    expect(puts(from)).toEqual([]);
    expect(await contents()).toEqual(before);

    const { summary } = await syncSite(tiny, store, { allowMassDelete: true });
    expect(summary.deleted).toBeGreaterThan(before.size / 2 - 1);
    expect(sorted((await contents()).keys())).toEqual(
      sorted([...paths(tiny), STATE_PATH].map((p) => PREFIX + p)),
    );
  });

  it('never deletes objects it did not publish, inside or outside its prefix', async () => {
    const { bucket, store, contents } = await fresh();
    const foreign = [
      'site/notes.txt',
      'site/sig-b/extra.html',
      'site/calendars/custom.ics',
      'other/index.html',
    ];
    for (const key of foreign) await putObject(s3.admin, bucket, key, `not sigcal's: ${key}`);
    await syncSite(handSite(BASE), store);
    const { 'sig-b': _removed, ...rest } = BASE;
    await syncSite(handSite(rest), store);
    await syncSite(handSite({ 'sig-a': BASE['sig-a'] }), store, { allowMassDelete: true });

    const after = await contents();
    for (const key of foreign)
      expect(text(after.get(key)?.body ?? new Uint8Array()), key).toBe(`not sigcal's: ${key}`);
  });

  it('adopts identical objects by their sha256 metadata when its state is missing, rewriting none', async () => {
    const { bucket, store, puts, mark } = await fresh();
    await syncSite(handSite(BASE), store);
    await s3.admin.send(
      new (await import('@aws-sdk/client-s3')).DeleteObjectCommand({
        Bucket: bucket,
        Key: PREFIX + STATE_PATH,
      }),
    );
    const from = mark();
    const { summary } = await syncSite(handSite(BASE), store);
    expect(summary).toMatchObject({ written: 0, unchanged: handSite(BASE).size });
    expect(
      proxy
        .requests(bucket)
        .slice(from)
        .filter((r) => r.method === 'HEAD'),
    ).toHaveLength(handSite(BASE).size);
    expect(puts(from)).toEqual([STATE_PATH]);
  });

  it('plans without writing on a dry run', async () => {
    const { store, puts, contents } = await fresh();
    await syncSite(handSite(BASE), store);
    const before = await contents();
    const next = { ...BASE, 'sig-a': { weekly: 'v2' }, 'wg-d': { kickoff: 'v1' } };
    const from = puts().length;
    const { plan, summary } = await syncSite(handSite(next), store, { dryRun: true });

    expect(summary.dryRun).toBe(true);
    expect(plan.writes.filter((w) => w.reason === 'new').map((w) => w.path)).toEqual([
      'calendars/wg-d.ics',
      'calendars/wg-d/kickoff.ics',
      'wg-d/kickoff.html',
      'wg-d/index.html',
    ]);
    expect(plan.deletes).toEqual(['sig-a/planning.html', 'calendars/sig-a/planning.ics']);
    expect(puts().length).toBe(from);
    expect(await contents()).toEqual(before);
  });

  it('refuses a state file it did not write, and unsafe paths, before writing anything', async () => {
    const { bucket, store, contents } = await fresh();
    await putObject(s3.admin, bucket, PREFIX + STATE_PATH, '{"objects":{"../escape":null}}');
    await expect(syncSite(handSite(BASE), store)).rejects.toBeInstanceOf(SyncStateError);
    const unsafe = new Map(handSite(BASE)).set('../up.html', handSite(BASE).get('index.html')!);
    await expect(syncSite(unsafe, store)).rejects.toThrow(/not a safe site path/);
    expect(sorted((await contents()).keys())).toEqual([PREFIX + STATE_PATH]);
  });
});
