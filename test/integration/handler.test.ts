import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SourceError } from '../../functions/core/errors.ts';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { readPublisherConfig } from '../../functions/lambda/config.ts';
import { createPublisher, type PublisherResult } from '../../functions/lambda/publisher.ts';
import type { RunSummary } from '../../functions/pipeline/pipeline.ts';
import { MemorySourceCache } from '../../functions/sources/loaded-source.ts';
import { acquireLease } from '../../functions/store/lease.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import { COMMUNITY, SITE_URL, sigsYaml, withMeeting } from './support/community.ts';
import { type HttpsFixture, startHttps, yamlWithEtag } from './support/https-server.ts';
import { CREDENTIALS, putObject, REGION, type RunningS3, readBucket, startS3 } from './support/s3.ts';

let s3: RunningS3;
let https: HttpsFixture;
let bundle: string;
let n = 0;

beforeAll(async () => {
  s3 = await startS3();
  https = await startHttps();
  bundle = await mkdtemp(join(tmpdir(), 'sigcal-bundle-'));
  await s3.createBucket('sources');
});
afterAll(async () => {
  await https.close();
  await s3.close();
  await rm(bundle, { recursive: true, force: true });
});

const SCHEDULED = {
  version: '0',
  id: 'c2f0d2a1-0000-0000-0000-000000000000',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-03-03T12:00:00Z',
  region: REGION,
  resources: ['arn:aws:events:us-east-1:123456789012:rule/sigcal-hourly'],
  detail: {},
};
const REPUBLISH = { action: 'republish' };
const s3Event = (bucket: string, key: string, eventName = 'ObjectCreated:Put') => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: REGION,
      eventTime: '2026-03-03T12:00:00.000Z',
      eventName,
      s3: {
        s3SchemaVersion: '1.0',
        bucket: { name: bucket, arn: `arn:aws:s3:::${bucket}` },
        // Notification keys are URL-encoded, spaces as "+".
        object: {
          key: encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+'),
          size: 1,
          eTag: 'x',
        },
      },
    },
  ],
});

/** What the stack's EventBridge rule delivers for an upload to the source bucket. */
const eventBridgeS3 = (bucket: string, key: string) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '123456789012',
  time: '2026-03-03T12:00:00Z',
  region: REGION,
  resources: [`arn:aws:s3:::${bucket}`],
  detail: {
    version: '0',
    bucket: { name: bucket },
    object: { key, size: 1, etag: 'x', sequencer: '00617F08299329D189' },
    'request-id': 'N4N7GDK58NMKJ12R',
    requester: '123456789012',
    reason: 'PutObject',
  },
});

const NOW = new Date('2026-03-03T12:00:00Z');

/** A site bucket, and the environment of a publisher function deployed against it. */
async function deployment(source: string, extra: Record<string, string> = {}) {
  const bucket = `site-${++n}`;
  await s3.createBucket(bucket);
  const env: NodeJS.ProcessEnv = {
    SIGCAL_SITE_BUCKET: bucket,
    SIGCAL_SITE_PREFIX: 'calendar',
    SIGCAL_SOURCE: source,
    SIGCAL_SITE_URL: SITE_URL,
    SIGCAL_S3_ENDPOINT: s3.endpoint,
    ...extra,
  };
  const logs: string[] = [];
  /** The publisher as the handler wires it, with test timeouts, an https agent trusting the test CA. */
  const publisher = (
    vars: Record<string, string> = {},
    overrides: Parameters<typeof createPublisher>[1] = {},
  ) =>
    createPublisher(readPublisherConfig({ ...env, ...vars }, pathToFileURL(`${bundle}/`)), {
      s3: { region: REGION, credentials: CREDENTIALS, maxAttempts: 2, requestTimeoutMs: 2_000 },
      https: { agent: https.agent, timeoutMs: 500, maxBytes: 64 * 1024 },
      cache: new MemorySourceCache(),
      now: () => NOW,
      log: (line) => logs.push(line),
      ...overrides,
    });
  const contents = () => readBucket(s3.admin, bucket, 'calendar/');
  return { bucket, env, logs, publisher, contents };
}

const published = (result: PublisherResult): RunSummary => {
  if ('skipped' in result) throw new Error(`skipped: ${result.reason}`);
  return result;
};

describe('the publisher handler module (env read at cold start)', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('publishes on a scheduled event, an upload of the source, and a republish; skips other uploads', async () => {
    const yaml = sigsYaml(COMMUNITY);
    await putObject(s3.admin, 'sources', 'community/sigs.yaml', yaml);
    const { env, contents } = await deployment('s3://sources/community/sigs.yaml');
    Object.assign(process.env, env, {
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_REGION: REGION,
    });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { handler } = await import('../../functions/lambda/handler.ts');

    const first = published(await handler(SCHEDULED));
    expect(first).toMatchObject({
      ok: true,
      trigger: 'scheduled',
      target: `s3://${env.SIGCAL_SITE_BUCKET}/calendar/`,
      source: { location: 's3://sources/community/sigs.yaml', notModified: false },
      meetings: { groups: 3, scheduled: 4 },
      deleted: 0,
    });
    // Everything but sigcal's record and lease.
    expect(first.written).toBe((await contents()).size - 2);

    // A maintainer uploads a change: the S3 notification republishes it.
    await putObject(
      s3.admin,
      'sources',
      'community/sigs.yaml',
      sigsYaml(withMeeting(COMMUNITY, 'sig-net', 0, { time: '15:00' })),
    );
    const uploaded = published(await handler(s3Event('sources', 'community/sigs.yaml')));
    expect(uploaded).toMatchObject({ trigger: 's3', source: { notModified: false }, deleted: 0 });
    expect(uploaded.written).toBeGreaterThan(0);
    expect(uploaded.source.sha256).not.toBe(first.source.sha256);

    // Another object in the source bucket, or a deletion, is logged and skipped.
    // The stack delivers uploads through EventBridge.
    await putObject(
      s3.admin,
      'sources',
      'community/sigs.yaml',
      sigsYaml(withMeeting(COMMUNITY, 'sig-net', 0, { time: '16:00' })),
    );
    const bridged = published(await handler(eventBridgeS3('sources', 'community/sigs.yaml')));
    expect(bridged).toMatchObject({ trigger: 's3', source: { notModified: false } });
    expect(bridged.written).toBeGreaterThan(0);
    expect(await handler(eventBridgeS3('sources', 'community/other.yaml'))).toMatchObject({ skipped: true });

    const other = await handler(s3Event('sources', 'community/README file.md'));
    expect(other).toMatchObject({ ok: true, skipped: true, trigger: 's3' });
    expect((other as { reason: string }).reason).toMatch(
      /created s3:\/\/sources\/community\/README file\.md.*not about the source/,
    );
    expect(await handler(s3Event('sources', 'community/sigs.yaml', 'ObjectRemoved:Delete'))).toMatchObject({
      skipped: true,
    });

    // On demand: the unchanged source costs a 304, and no feed changes. (The handler reads the real
    // clock and pages show when they were published, so pages may be rewritten; with a fixed clock
    // nothing is, see publish.test.ts.)
    const feeds = async () =>
      [...(await contents())].filter(([path]) => path.endsWith('.ics')).map(([p, o]) => [p, o.sha256]);
    const feedsBefore = await feeds();
    const again = published(await handler(REPUBLISH));
    expect(again).toMatchObject({ trigger: 'republish', deleted: 0, source: { notModified: true } });
    expect(await feeds()).toEqual(feedsBefore);

    // One JSON line per invocation.
    const lines = log.mock.calls.map((c) => JSON.parse(String(c[0])) as { trigger: string });
    expect(lines.map((l) => l.trigger)).toEqual(['scheduled', 's3', 's3', 's3', 's3', 's3', 'republish']);
    await expect(handler({ hello: 'world' })).rejects.toMatchObject({ name: 'UnknownEventError' });
  });

  it('fails at cold start, naming every missing or invalid variable', async () => {
    for (const name of Object.keys(process.env)) if (name.startsWith('SIGCAL_')) delete process.env[name];
    process.env.SIGCAL_DAYS_AFTER = 'soon';
    process.env.SIGCAL_SOURCE = 'http://example.org/sigs.yaml';
    const loading = import('../../functions/lambda/handler.ts');
    // A fresh module graph: compare the class by name.
    await expect(loading).rejects.toMatchObject({ name: 'ConfigError' });
    await expect(loading).rejects.toThrow(
      /SIGCAL_SITE_BUCKET is required.*SIGCAL_SOURCE: .*http:\/\/ sources are not supported.*SIGCAL_SITE_URL is required.*SIGCAL_DAYS_AFTER "soon"/,
    );
  });
});

describe('the publisher with an https source', () => {
  it('publishes, then costs one 304 while upstream is unchanged, then picks up a change', async () => {
    let etag = '"a"';
    let yaml = sigsYaml(COMMUNITY);
    https.route(
      '/k8s/sigs.yaml',
      yamlWithEtag(
        () => yaml,
        () => etag,
      ),
    );
    const url = `${https.origin}/k8s/sigs.yaml`;
    const { publisher, logs } = await deployment(url);
    const publish = publisher();

    const first = published(await publish(SCHEDULED));
    expect(first).toMatchObject({ source: { location: url, etag: '"a"', notModified: false } });
    const second = published(await publish(SCHEDULED));
    expect(second).toMatchObject({ written: 0, deleted: 0, source: { etag: '"a"', notModified: true } });
    expect(https.log.filter((r) => r.path === '/k8s/sigs.yaml').map((r) => r.status)).toEqual([200, 304]);

    etag = '"b"';
    yaml = sigsYaml(withMeeting(COMMUNITY, 'sig-docs', 0, { time: '19:00' }));
    const third = published(await publish(REPUBLISH));
    expect(third).toMatchObject({ trigger: 'republish', source: { etag: '"b"', notModified: false } });
    expect(third.written).toBeGreaterThan(0);
    expect(logs.map((l) => JSON.parse(l) as RunSummary).map((s) => s.written)).toEqual([
      first.written,
      0,
      third.written,
    ]);
  });

  it('a timeout or an oversized body fails the run, logged, with the published site untouched', async () => {
    https.route('/ok.yaml', (_req, res) => res.writeHead(200).end(sigsYaml(COMMUNITY)));
    https.route('/slow.yaml', () => undefined);
    https.route('/huge.yaml', (_req, res) => res.writeHead(200).end(`# ${'x'.repeat(100 * 1024)}\n`));
    const { publisher, logs, contents } = await deployment(`${https.origin}/ok.yaml`);
    await publisher()(SCHEDULED);
    const before = await contents();

    for (const [path, message] of [
      ['/slow.yaml', /no complete response within 500 ms/],
      ['/huge.yaml', /larger than the limit of 65536/],
    ] as const) {
      logs.length = 0;
      const publish = publisher({ SIGCAL_SOURCE: `${https.origin}${path}` });
      const failing = publish(SCHEDULED);
      await expect(failing).rejects.toBeInstanceOf(SourceError);
      await expect(failing).rejects.toThrow(message);
      expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({
        ok: false,
        trigger: 'scheduled',
        error: { name: 'SourceError', message: expect.stringMatching(message) },
      });
      expect(await contents()).toEqual(before);
    }
  });
});

describe('the publisher with a bundled source', () => {
  it('reads sigs.yaml and schedule.yaml shipped next to the bundle', async () => {
    await writeFile(join(bundle, 'sigs.yaml'), sigsYaml(COMMUNITY));
    await writeFile(join(bundle, 'schedule.yaml'), 'sig-docs:\n  Weekly meeting:\n    skip: [2026-03-10]\n');
    const { publisher, contents } = await deployment('bundled');
    const summary = published(await publisher()(REPUBLISH));
    expect(summary).toMatchObject({
      trigger: 'republish',
      source: { location: 'bundled sigs.yaml' },
      overlay: { location: 'bundled schedule.yaml' },
    });
    const feed = new TextDecoder().decode(
      (await contents()).get('calendars/sig-docs/weekly-meeting.ics')?.body,
    );
    expect(feed).toMatch(/STATUS:CANCELLED|EXDATE/);
  });

  it('keeps going by default, listing the meeting it left out; logs every problem when told not to', async () => {
    await writeFile(
      join(bundle, 'sigs.yaml'),
      sigsYaml(withMeeting(COMMUNITY, 'sig-docs', 1, { time: '25:00' })),
    );
    const { publisher, logs, contents } = await deployment('bundled');
    const summary = published(await publisher()(SCHEDULED));
    expect(summary.meetings.leftOut).toBe(1);
    expect(summary.leftOut[0]).toMatchObject({ group: 'sig-docs', description: 'Triage' });
    const before = await contents();

    logs.length = 0;
    await expect(publisher({ SIGCAL_KEEP_GOING: 'false' })(SCHEDULED)).rejects.toThrow(/25:00/);
    expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({
      ok: false,
      error: { name: 'ValidationError' },
      problems: [expect.stringMatching(/^sigs\.yaml:\d+ sigs\[0\]\.meetings\[1\]\.time: .*25:00/)],
    });
    expect(await contents()).toEqual(before);
    expect(before.has(STATE_PATH)).toBe(true);
  });
});

describe('the publisher beside another run', () => {
  it('waits for the lease no longer than its invocation has left, then fails naming the holder', async () => {
    await writeFile(join(bundle, 'sigs.yaml'), sigsYaml(COMMUNITY));
    const { bucket, publisher, logs, contents } = await deployment('bundled');
    const site = new S3Store(s3.admin, bucket, 'calendar');
    const held = await acquireLease(site, 'run-cli', { holder: 'sigcal publish on laptop (pid 7)' });
    // 20 s left: less than the run keeps for itself, so it does not wait at all (the default wait,
    // 60 s, would outlast this test).
    const context = { getRemainingTimeInMillis: () => 20_000, awsRequestId: 'request-1' };
    const failing = publisher()(SCHEDULED, context);
    await expect(failing).rejects.toMatchObject({ name: 'LeaseHeldError' });
    await expect(failing).rejects.toThrow(
      /run run-cli \(sigcal publish on laptop \(pid 7\)\) has held its lease since/,
    );
    expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({ ok: false, error: { name: 'LeaseHeldError' } });
    expect([...(await contents()).keys()]).toEqual(['.sigcal/lease.json']);

    // Once the other run is done, the next invocation publishes, holding the lease as its request.
    await held.release();
    const summary = published(await publisher()(SCHEDULED, context));
    expect(summary.written).toBeGreaterThan(0);
    const lease = JSON.parse(
      new TextDecoder().decode((await contents()).get('.sigcal/lease.json')?.body),
    ) as {
      holder: string;
      released: boolean;
    };
    expect(lease).toMatchObject({ holder: 'sigcal publisher function (request request-1)', released: true });
  });
});

describe('publisher configuration', () => {
  it('reads every variable, with defaults', () => {
    const config = readPublisherConfig(
      {
        SIGCAL_SITE_BUCKET: 'calendar-site',
        SIGCAL_SITE_PREFIX: '/community/',
        SIGCAL_SOURCE: 'https://raw.example.org/sigs.yaml',
        SIGCAL_OVERLAY: 's3://config/schedule.yaml',
        SIGCAL_SITE_URL: 'https://calendar.example.org/',
        SIGCAL_DAYS_BEFORE: '7',
        SIGCAL_DAYS_AFTER: '90',
        SIGCAL_KEEP_GOING: 'false',
        LAMBDA_TASK_ROOT: '/var/task',
      },
      new URL('file:///opt/bundle/'),
    );
    expect(config).toEqual({
      bucket: 'calendar-site',
      prefix: 'community/',
      source: { kind: 'https', url: 'https://raw.example.org/sigs.yaml' },
      overlay: { location: { kind: 's3', bucket: 'config', key: 'schedule.yaml' }, required: true },
      siteUrl: 'https://calendar.example.org/',
      window: { daysBefore: 7, daysAfter: 90 },
      keepGoing: false,
      s3Endpoint: null,
      bundleDirectories: [new URL('file:///opt/bundle/'), '/var/task'],
    });
    const minimal = readPublisherConfig(
      {
        SIGCAL_SITE_BUCKET: 'calendar-site',
        SIGCAL_SOURCE: 'bundled',
        SIGCAL_SITE_URL: 'https://c.example.org/',
      },
      new URL('file:///opt/bundle/'),
    );
    expect(minimal).toMatchObject({
      prefix: '',
      keepGoing: true,
      window: {},
      overlay: { location: { kind: 'bundled', name: 'schedule.yaml' }, required: false },
    });
  });

  it('refuses invalid values, naming each', () => {
    expect(() =>
      readPublisherConfig(
        {
          SIGCAL_SITE_BUCKET: 'Not_A_Bucket',
          SIGCAL_SOURCE: 's3://only-bucket',
          SIGCAL_SITE_URL: 'calendar.example.org',
          SIGCAL_KEEP_GOING: 'maybe',
          SIGCAL_S3_ENDPOINT: 'localhost:4568',
        },
        new URL('file:///opt/bundle/'),
      ),
    ).toThrow(
      /SIGCAL_SITE_BUCKET "Not_A_Bucket" is not an S3 bucket name; SIGCAL_SOURCE: .*s3:\/\/bucket\/key.*; SIGCAL_SITE_URL "calendar.example.org" is not an http\(s\) URL; SIGCAL_S3_ENDPOINT "localhost:4568".*; SIGCAL_KEEP_GOING "maybe"/,
    );
  });
});
