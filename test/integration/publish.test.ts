import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError, ValidationError } from '../../functions/core/errors.ts';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { buildInput, runPipeline } from '../../functions/pipeline/pipeline.ts';
import { sha256 } from '../../functions/shared/sha256.ts';
import { LEASE_PATH } from '../../functions/store/lease.ts';
import { MemoryStore } from '../../functions/store/memory-store.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import type { Site } from '../../functions/store/site.ts';
import type { SiteStore } from '../../functions/store/site-store.ts';
import { MassDeleteError } from '../../functions/store/sync.ts';
import { brokenLinks } from '../support/links.ts';
import { RecordingStore } from '../support/recording-store.ts';
import { textObject } from '../support/site-store-contract.ts';
import {
  build,
  COMMUNITY,
  diff,
  type FixtureGroup,
  type FixtureMeeting,
  NOW,
  SITE_URL,
  sigsYaml,
  withMeeting,
  without,
} from './support/community.ts';
import { type FaultProxy, startFaultProxy } from './support/fault-proxy.ts';
import { putObject, type RunningS3, readBucket, startS3, text } from './support/s3.ts';

let s3: RunningS3;
let proxy: FaultProxy;
let dir: string;
let n = 0;

beforeAll(async () => {
  s3 = await startS3();
  proxy = await startFaultProxy(s3.endpoint);
  dir = await mkdtemp(join(tmpdir(), 'sigcal-publish-'));
});
afterAll(async () => {
  await proxy.close();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

/** An object as a reader of the store finds it. */
interface Found {
  readonly body: Uint8Array;
  readonly contentType: string | undefined;
  readonly cacheControl: string | undefined;
  readonly sha256: string | undefined;
}

/**
 * Where a community is published, and a way to publish to it: a bucket on s3rver reached through the
 * recording proxy, or (for what needs nothing of S3) the in-memory store, recorded the same way.
 */
async function target(kind: 's3' | 'memory' = 'memory') {
  const bucket = `publish-${++n}`;
  let store: SiteStore;
  let requests: () => readonly { readonly method: string; readonly key: string }[];
  let contents: () => Promise<Map<string, Found>>;
  let putForeign: (key: string, body: string) => Promise<void>;
  if (kind === 's3') {
    await s3.createBucket(bucket);
    store = new S3Store(s3.client({ endpoint: proxy.endpoint }), bucket);
    requests = () => proxy.requests(bucket);
    contents = () => readBucket(s3.admin, bucket);
    putForeign = (key, body) => putObject(s3.admin, bucket, key, body);
  } else {
    const memory = new MemoryStore(`memory:/${bucket}/`);
    const recording = new RecordingStore(memory);
    store = recording;
    requests = () => recording.calls.map((c) => ({ method: c.op.toUpperCase(), key: c.path }));
    contents = async () =>
      new Map([...memory.snapshot()].map(([path, o]) => [path, { ...o, body: o.body }] as const));
    putForeign = async (key, body) => {
      await memory.put(key, textObject(body));
    };
  }
  const publish = async (
    yaml: string,
    options: { now?: Date; allowMassDelete?: boolean; keepGoing?: boolean } = {},
  ) => {
    // Always "sigs.yaml": the manifest records the source's name, as the test's own builds do.
    await mkdir(join(dir, bucket), { recursive: true });
    const file = join(dir, bucket, 'sigs.yaml');
    await writeFile(file, yaml);
    return runPipeline(
      {
        trigger: 'cli',
        source: { kind: 'file', path: file },
        overlay: null,
        input: buildInput({
          now: options.now ?? NOW,
          siteUrl: SITE_URL,
          keepGoing: options.keepGoing ?? false,
        }),
      },
      store,
      {},
      { allowMassDelete: options.allowMassDelete ?? false },
    );
  };
  const mark = () => requests().length;
  const since = (from: number, method: string) =>
    requests()
      .slice(from)
      .filter((r) => r.method === method && !r.key.startsWith('.sigcal/'))
      .map((r) => r.key)
      .sort();
  const built = (yaml: string, previous: Site | null = null) =>
    build(yaml, { previous, file: join(dir, bucket, 'sigs.yaml') }).site;
  return { bucket, publish, built, mark, since, requests, contents, putForeign };
}

const yaml = (groups: readonly FixtureGroup[]) => sigsYaml(groups);
const keys = (site: Site) => [...site.keys()].sort();

describe('publishing a community (to S3 where the test needs it, else in memory)', () => {
  it('first publish writes every object with the right headers and a valid link graph (s3rver)', async () => {
    const { publish, built, contents } = await target('s3');
    const summary = await publish(yaml(COMMUNITY));
    const site = built(yaml(COMMUNITY));

    expect(summary).toMatchObject({
      ok: true,
      trigger: 'cli',
      written: site.size,
      unchanged: 0,
      deleted: 0,
      meetings: { groups: 3, scheduled: 4, unscheduled: 0, leftOut: 0 },
      dryRun: false,
    });
    const bucket = await contents();
    expect([...bucket.keys()].sort()).toEqual([...keys(site), STATE_PATH, LEASE_PATH].sort());
    for (const [path, object] of site) {
      const stored = bucket.get(path);
      expect(stored?.contentType, path).toBe(object.contentType);
      expect(stored?.cacheControl, path).toBe(object.cacheControl);
      expect(stored?.sha256, path).toBe(sha256(object.body));
      expect(Buffer.from(stored?.body ?? []).equals(Buffer.from(object.body)), path).toBe(true);
    }
    expect(bucket.get('calendars/all.ics')?.contentType).toBe('text/calendar; charset=utf-8');
    expect(bucket.get('manifest.json')?.cacheControl).toBe('no-cache');
    expect(brokenLinks(bucket, [...site.keys()], SITE_URL)).toEqual([]);
  });

  it('an immediate republish writes and deletes nothing: two GETs (s3rver)', async () => {
    const { publish, mark, since, requests, contents } = await target('s3');
    await publish(yaml(COMMUNITY));
    const before = await contents();
    const from = mark();
    const summary = await publish(yaml(COMMUNITY));

    expect(summary).toMatchObject({ written: 0, deleted: 0, bytesWritten: 0, unchanged: before.size - 2 });
    expect(
      requests()
        .slice(from)
        .map((r) => `${r.method} ${r.key}`),
    ).toEqual([
      'GET manifest.json', // for the DTSTAMP, kept while the source is unchanged
      `GET ${STATE_PATH}`,
    ]);
    expect(since(from, 'PUT')).toEqual([]);
    expect(await contents()).toEqual(before);
  });

  it('a republish later the same day writes nothing; the next day, data and feeds but no page', async () => {
    const { publish, mark, since } = await target();
    await publish(yaml(COMMUNITY));
    const from = mark();
    await publish(yaml(COMMUNITY), { now: new Date(NOW.getTime() + 3 * 3600_000) });
    expect(since(from, 'PUT')).toEqual([]);
    expect(since(from, 'DELETE')).toEqual([]);
    const nextDay = mark();
    await publish(yaml(COMMUNITY), { now: new Date(NOW.getTime() + 24 * 3600_000) });
    const written = since(nextDay, 'PUT');
    expect(written).toContain('calendars/all.json');
    expect(written.filter((p) => p.endsWith('.html'))).toEqual([]);
  });

  it('changing one meeting rewrites only the objects that show it', async () => {
    const { publish, built, mark, since } = await target();
    await publish(yaml(COMMUNITY));
    const changed = withMeeting(COMMUNITY, 'sig-net', 0, { time: '15:30' });
    const from = mark();
    const summary = await publish(yaml(changed));

    const old = built(yaml(COMMUNITY));
    const expected = diff(old, built(yaml(changed), old));
    expect(expected.added).toEqual([]);
    expect(expected.removed).toEqual([]);
    expect(since(from, 'PUT')).toEqual(expected.changed);
    expect(since(from, 'DELETE')).toEqual([]);
    expect(summary.written).toBe(expected.changed.length);
    // Only the meeting, its group and the site-wide data; nothing of the other groups, and not the index,
    // which reads all.json rather than embedding any meeting's data.
    for (const path of expected.changed) {
      expect(path).toMatch(
        /^(calendars\/all\.(ics|json)|calendars\/sig-net(\.ics|\.json|\/regular-meeting\.ics)|sig-net\/.*|manifest\.json)$/,
      );
    }
    expect(expected.changed).toEqual(
      expect.arrayContaining([
        'calendars/sig-net/regular-meeting.ics',
        'calendars/sig-net.ics',
        'calendars/all.ics',
        'calendars/sig-net.json',
        'calendars/all.json',
        'sig-net/regular-meeting.html',
        'manifest.json',
      ]),
    );
  });

  it('removing a group deletes exactly its objects, and nothing it did not publish', async () => {
    const { publish, built, mark, since, contents, putForeign } = await target();
    await putForeign('sig-net/notes.html', 'hand-written, not sigcal');
    await putForeign('robots.txt', 'User-agent: *');
    await publish(yaml(COMMUNITY));
    const from = mark();
    const summary = await publish(yaml(without(COMMUNITY, 'sig-net')));

    const old = built(yaml(COMMUNITY));
    const removed = diff(old, built(yaml(without(COMMUNITY, 'sig-net')), old)).removed;
    expect(removed).toEqual(
      [
        'calendars/sig-net.ics',
        'calendars/sig-net.json',
        'calendars/sig-net/regular-meeting.ics',
        'sig-net/index.html',
        'sig-net/regular-meeting.html',
      ].sort(),
    );
    expect(since(from, 'DELETE')).toEqual(removed);
    expect(summary.deleted).toBe(removed.length);
    const after = await contents();
    expect(text(after.get('sig-net/notes.html')?.body ?? new Uint8Array())).toBe('hand-written, not sigcal');
    expect(after.has('robots.txt')).toBe(true);
    expect(brokenLinks(after, ['index.html'], SITE_URL)).toEqual([]);
  });

  it('a build error leaves every object untouched and writes nothing', async () => {
    const { publish, mark, contents, requests } = await target();
    await publish(yaml(COMMUNITY));
    const before = await contents();
    const from = mark();

    const invalid = withMeeting(COMMUNITY, 'sig-docs', 1, { time: '25:00' });
    await expect(publish(yaml(invalid))).rejects.toBeInstanceOf(ValidationError);
    await expect(publish('sigs:\n  - dir: [unclosed\n')).rejects.toBeInstanceOf(SourceError);
    await expect(publish(yaml(COMMUNITY).replace('sig-docs', '../escape'))).rejects.toThrow();

    expect(
      requests()
        .slice(from)
        .filter((r) => r.method !== 'GET'),
    ).toEqual([]);
    expect(await contents()).toEqual(before);
  });

  it('with keep-going, a broken meeting is left out and listed, and the rest is published', async () => {
    const { publish, contents } = await target();
    const invalid = withMeeting(COMMUNITY, 'sig-docs', 1, { time: '25:00' });
    const summary = await publish(yaml(invalid), { keepGoing: true });
    expect(summary.meetings).toMatchObject({ scheduled: 3, leftOut: 1 });
    expect(summary.leftOut).toEqual([
      expect.objectContaining({
        group: 'sig-docs',
        index: 1,
        description: 'Triage',
        reason: expect.stringMatching(/25:00/),
      }),
    ]);
    expect((await contents()).has('sig-docs/weekly-meeting.html')).toBe(true);
  });

  it('the mass-delete guard trips on a truncated source and can be overridden', async () => {
    const { publish, built, mark, since, contents } = await target();
    await publish(yaml(COMMUNITY));
    const before = await contents();
    const from = mark();
    const truncated = yaml([
      { dir: 'wg-new', name: 'New', meetings: [{ ...(COMMUNITY[2]?.meetings[0] as FixtureMeeting) }] },
    ]);

    await expect(publish(truncated)).rejects.toBeInstanceOf(MassDeleteError);
    expect(since(from, 'PUT')).toEqual([]);
    // The site is as it was; only the lease was taken and given back.
    const site = (objects: Map<string, Found>) => [...objects].filter(([path]) => path !== LEASE_PATH);
    expect(site(await contents())).toEqual(site(before));

    const summary = await publish(truncated, { allowMassDelete: true });
    expect(summary.deleted).toBeGreaterThan((before.size - 2) / 2);
    const after = await contents();
    expect([...after.keys()].sort()).toEqual([...keys(built(truncated)), STATE_PATH, LEASE_PATH].sort());
    expect(brokenLinks(after, ['index.html'], SITE_URL)).toEqual([]);
  });
});
