import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { LEASE_PATH } from '../../functions/store/lease.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import type { Site } from '../../functions/store/site.ts';
import { ForeignObjectError, syncSite } from '../../functions/store/sync.ts';
import { HAND_SITE_URL, handSite } from '../support/hand-site.ts';
import { publishedProblems } from '../support/published.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';
import { putObject, type RunningS3, readBucket, startS3, text } from './support/s3.ts';

/*
 * The sync against a real S3-protocol server, for what only it can show: the headers and metadata on
 * the wire, sigcal's marks as S3 keeps them, a prefix in a bucket shared with other objects, and the
 * requests a run makes. The rest of the sync's behaviour is tested in memory (test/unit/sync.test.ts);
 * faults are in the fault sweeps, racing runs in race.test.ts.
 */

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
const { 'sig-b': _removed, ...WITHOUT_B } = BASE;

/** A fresh bucket and a store that reaches it through the (fault-free) recording proxy. */
async function fresh() {
  const bucket = `sync-${++buckets}`;
  await s3.createBucket(bucket);
  const store = new S3Store(s3.client({ endpoint: proxy.endpoint }), bucket, PREFIX);
  const requests = (method: string, from = 0) =>
    proxy
      .requests(bucket)
      .slice(from)
      .filter((r) => r.method === method)
      .map((r) => r.key.slice(PREFIX.length));
  const mark = () => proxy.requests(bucket).length;
  const contents = () => readBucket(s3.admin, bucket);
  /** The objects under the prefix, keyed by site path. */
  const site = async () =>
    new Map(
      [...(await contents())]
        .filter(([k]) => k.startsWith(PREFIX))
        .map(([k, v]) => [k.slice(PREFIX.length), v]),
    );
  return { bucket, store, requests, mark, contents, site };
}

const paths = (site: Site) => [...site.keys()].sort();
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('syncSite to S3 (s3rver)', () => {
  it('writes each object with its Content-Type, Cache-Control, sha256 and mark as S3 metadata, conditionally', async () => {
    const { bucket, store, site, requests } = await fresh();
    const built = handSite(BASE);
    const { summary, run } = await syncSite(built, store);

    expect(summary).toMatchObject({ written: built.size, unchanged: 0, deleted: 0 });
    const stored = await site();
    expect(sorted(stored.keys())).toEqual(sorted([...paths(built), STATE_PATH, LEASE_PATH]));
    for (const [path, object] of built) {
      expect(stored.get(path), path).toMatchObject({
        contentType: object.contentType,
        cacheControl: object.cacheControl,
        sha256: sha256(object.body),
      });
      expect(text(stored.get(path)?.body ?? new Uint8Array())).toBe(text(object.body));
      const head = await s3.admin.send(new HeadObjectCommand({ Bucket: bucket, Key: PREFIX + path }));
      expect(head.Metadata, path).toEqual({
        sha256: object.sha256,
        'sigcal-run': run,
        'sigcal-site': `/${PREFIX}`,
      });
    }
    // The lease first and last, each object only where nothing was (`If-None-Match: *`).
    const puts = requests('PUT');
    expect([puts[0], puts.at(-1)]).toEqual([LEASE_PATH, LEASE_PATH]);
    expect(puts.filter((p) => p === LEASE_PATH)).toHaveLength(2);
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
    await syncSite(handSite(WITHOUT_B), store);
    await syncSite(handSite({ 'sig-a': BASE['sig-a'] }), store, { allowMassDelete: true });

    const after = await contents();
    for (const key of foreign)
      expect(text(after.get(key)?.body ?? new Uint8Array()), key).toBe(`not sigcal's: ${key}`);
  });

  it('refuses to write where an object it did not write is, naming the path, before writing anything', async () => {
    // The bucket already holds blog/index.html; a new group "blog" needs that path.
    const { bucket, store, site, mark, requests } = await fresh();
    await syncSite(handSite(BASE), store);
    await putObject(s3.admin, bucket, `${PREFIX}blog/index.html`, '<p>our blog</p>');
    const from = mark();
    const refused = syncSite(handSite({ ...BASE, blog: { post: 'v1' } }), store);
    await expect(refused).rejects.toBeInstanceOf(ForeignObjectError);
    await expect(refused).rejects.toThrow(/blog\/index\.html \(not written by sigcal\).*nothing was written/);
    expect(requests('PUT', from).filter((p) => p !== LEASE_PATH)).toEqual([]);
    expect(text((await site()).get('blog/index.html')?.body ?? new Uint8Array())).toBe('<p>our blog</p>');
  });

  it('leaves a forged state powerless: it deletes no object without its mark, nor another site’s', async () => {
    const { bucket, store, site } = await fresh();
    await syncSite(handSite(BASE), store);
    // Another sigcal site under a nested prefix, and an upload by hand.
    await syncSite(handSite({ 'wg-nested': { one: 'v1' } }), new S3Store(s3.admin, bucket, `${PREFIX}blog`));
    await putObject(s3.admin, bucket, `${PREFIX}notes.html`, 'by hand');
    const before = await site();
    const state = JSON.parse(text(before.get(STATE_PATH)?.body ?? new Uint8Array())) as {
      objects: Record<string, unknown>;
    };
    const claimed = ['notes.html', 'blog/index.html', 'blog/manifest.json'];
    for (const path of claimed) {
      state.objects[path] = {
        sha256: sha256(before.get(path)?.body ?? new Uint8Array()),
        contentType: 'text/html; charset=utf-8',
        cacheControl: 'no-cache',
        phase: 'meeting pages',
      };
    }
    await s3.admin.send(
      new PutObjectCommand({ Bucket: bucket, Key: PREFIX + STATE_PATH, Body: JSON.stringify(state) }),
    );

    const { plan } = await syncSite(handSite(WITHOUT_B), store);
    expect(plan.kept).toEqual(sorted(claimed));
    const after = await site();
    for (const path of claimed) expect(after.get(path)?.body, path).toEqual(before.get(path)?.body);
    expect(after.has('sig-b/index.html')).toBe(false);
  });

  it('adopts its own objects by their mark when its state is missing, rewriting none', async () => {
    const { bucket, store, requests, mark } = await fresh();
    await syncSite(handSite(BASE), store);
    await s3.admin.send(new DeleteObjectCommand({ Bucket: bucket, Key: PREFIX + STATE_PATH }));
    const from = mark();
    const { summary } = await syncSite(handSite(BASE), store);
    expect(summary).toMatchObject({ written: 0, unchanged: handSite(BASE).size });
    expect(requests('HEAD', from)).toHaveLength(handSite(BASE).size);
    expect(requests('PUT', from).filter((p) => p !== LEASE_PATH)).toEqual([STATE_PATH]);
  });

  it('takes over a bucket an older sigcal published (hash metadata, format-1 record), marking each object once', async () => {
    const { bucket, store, site } = await fresh();
    const old = handSite(BASE);
    const entries: string[] = [];
    for (const [path, o] of old) {
      await s3.admin.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: PREFIX + path,
          Body: o.body,
          ContentType: o.contentType,
          CacheControl: o.cacheControl,
          Metadata: { sha256: o.sha256 },
        }),
      );
      const entry = {
        sha256: o.sha256,
        contentType: o.contentType,
        cacheControl: o.cacheControl,
        phase: o.phase,
      };
      entries.push(`${JSON.stringify(path)}:${JSON.stringify(entry)}`);
    }
    await putObject(
      s3.admin,
      bucket,
      PREFIX + STATE_PATH,
      `{"format":"sigcal-sync-state/1","objects":{\n${entries.join(',\n')}\n}}\n`,
    );
    const { summary, run } = await syncSite(handSite(WITHOUT_B), store);
    expect(summary).toMatchObject({ deleted: 4, written: handSite(WITHOUT_B).size });
    for (const path of handSite(WITHOUT_B).keys()) {
      const head = await s3.admin.send(new HeadObjectCommand({ Bucket: bucket, Key: PREFIX + path }));
      expect(head.Metadata?.['sigcal-run'], path).toBe(run);
    }
    expect(publishedProblems(await site(), HAND_SITE_URL)).toEqual([]);
    // From then on the marks are what counts: the next run has nothing to do.
    expect((await syncSite(handSite(WITHOUT_B), store)).summary).toMatchObject({ written: 0, deleted: 0 });
  });
});
