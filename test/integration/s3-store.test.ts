import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../functions/store/s3-store.ts';
import { ConditionFailedError } from '../../functions/store/site-store.ts';
import { describeSiteStore, textObject } from '../support/site-store-contract.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';
import { putObject, type RunningS3, startS3 } from './support/s3.ts';

let s3: RunningS3;
let proxy: FaultProxy;
let buckets = 0;
beforeAll(async () => {
  s3 = await startS3();
  proxy = await startFaultProxy(s3.endpoint);
});
afterAll(async () => {
  await proxy.close();
  await s3.close();
});

async function bucket(): Promise<string> {
  const name = `store-${++buckets}`;
  await s3.createBucket(name);
  return name;
}

// s3rver, behind the test layer that gives it S3's conditional writes (conditional-writes.mjs).
describeSiteStore('S3Store (s3rver)', async () => ({
  store: new S3Store(s3.client(), await bucket(), 'site'),
}));

describe('S3Store marks and conditions, as S3 sees them', () => {
  it('keeps the body hash and the run as x-amz-meta metadata, with the headers', async () => {
    const name = await bucket();
    const store = new S3Store(s3.client(), name, 'community/');
    const object = textObject('BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'text/calendar; charset=utf-8');
    await store.put('calendars/all.ics', object, { run: 'run-42' });
    const head = await s3.admin.send(
      new HeadObjectCommand({ Bucket: name, Key: 'community/calendars/all.ics' }),
    );
    expect(head.Metadata).toEqual({
      sha256: object.sha256,
      'sigcal-run': 'run-42',
      'sigcal-site': '/community/',
    });
    expect(head).toMatchObject({ ContentType: 'text/calendar; charset=utf-8', CacheControl: 'no-cache' });
  });

  it('takes no mark for its own: not an upload without one, nor another site’s under a nested prefix', async () => {
    const name = await bucket();
    const root = new S3Store(s3.client(), name);
    const nested = new S3Store(s3.client(), name, 'blog');
    await putObject(s3.admin, name, 'notes.html', 'by hand');
    await nested.put('index.html', textObject('the blog'), { run: 'run-blog' });
    expect(await root.head('notes.html')).toMatchObject({ writtenBy: null, sha256: null });
    expect((await root.head('blog/index.html'))?.writtenBy).toBeNull();
    expect((await nested.head('index.html'))?.writtenBy).toBe('run-blog');
  });

  it('answers 409 to a conditional write that a competing write overtook', async () => {
    // Many conditional writes to one key at once: one wins, and S3 refuses the others (409 while the
    // winner completed during their upload, 412 after).
    const store = new S3Store(s3.client(), await bucket());
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        store.put('lease.json', textObject(`run ${i}`), { condition: { ifAbsent: true } }),
      ),
    );
    const reasons = results.flatMap((r) =>
      r.status === 'rejected' ? [(r.reason as ConditionFailedError).reason] : ['won'],
    );
    expect(reasons.filter((r) => r === 'won')).toHaveLength(1);
    expect(reasons).toContain('conflict');
  });

  it('recognises its own write when a retry of a conditional write finds it applied', async () => {
    // The first attempt is applied but its answer is lost; the SDK's retry then fails its condition
    // (412) against the object that attempt wrote. The store sees its own mark and takes the write.
    const name = await bucket();
    const store = new S3Store(s3.client({ endpoint: proxy.endpoint, maxAttempts: 3 }), name);
    const object = textObject('state v1');
    proxy.plan(name, { kind: 'reset', at: 1, persistent: false });
    const etag = await store.put('state.json', object, { condition: { ifAbsent: true }, run: 'run-9' });
    expect(proxy.requests(name).map((r) => `${r.method} ${r.fault ?? ''}`)).toEqual([
      'PUT reset',
      'PUT ',
      'HEAD ',
    ]);
    expect((await store.head('state.json'))?.etag).toBe(etag);

    // Another run's object in its place is not taken for its own.
    proxy.plan(name, { kind: 'reset', at: proxy.requests(name).length + 1, persistent: false });
    await putObject(s3.admin, name, 'other.json', 'someone else');
    const mine = textObject('someone else');
    await expect(
      store.put('other.json', mine, { condition: { ifAbsent: true }, run: 'run-9' }),
    ).rejects.toBeInstanceOf(ConditionFailedError);
  });
});
