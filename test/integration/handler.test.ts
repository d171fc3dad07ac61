import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError } from '../../functions/core/errors.ts';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { readPublisherConfig } from '../../functions/lambda/config.ts';
import { createPublisher } from '../../functions/lambda/publisher.ts';
import type { RunSummary } from '../../functions/pipeline/pipeline.ts';
import { MemorySourceCache, SourceMissingError } from '../../functions/sources/loaded-source.ts';
import { acquireLease } from '../../functions/store/lease.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import { COMMUNITY, sigsYaml, withMeeting } from './support/community.ts';
import { deploymentEnv, published } from './support/deployment.ts';
import { type HttpsFixture, startHttps, yamlWithEtag } from './support/https-server.ts';
import { eventBridgeS3, REPUBLISH, SCHEDULED } from './support/lambda-events.ts';
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

const NOW = new Date('2026-03-03T12:00:00Z');

/** A site bucket, and the environment of a publisher function deployed against it. */
async function deployment(source: string, extra: Record<string, string> = {}) {
  const bucket = `site-${++n}`;
  await s3.createBucket(bucket);
  const env = deploymentEnv(s3, bucket, source, extra);
  const logs: string[] = [];
  /** The publisher as the handler wires it, with test timeouts, an https agent trusting the test CA. */
  const publisher = (
    vars: Record<string, string> = {},
    overrides: Parameters<typeof createPublisher>[1] = {},
  ) =>
    createPublisher(readPublisherConfig({ ...env, ...vars }, pathToFileURL(`${bundle}/`)), {
      s3: { region: REGION, credentials: CREDENTIALS, maxAttempts: 2, requestTimeoutMs: 2_000 },
      https: { agent: https.agent, timeoutMs: 500, maxBytes: 64 * 1024, allowPrivate: true },
      cache: new MemorySourceCache(),
      now: () => NOW,
      // One JSON line per invocation, as the default report writes it.
      report: (outcome) => logs.push(JSON.stringify(outcome)),
      ...overrides,
    });
  const contents = () => readBucket(s3.admin, bucket, 'calendar/');
  return { bucket, env, logs, publisher, contents };
}

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

describe('the publisher with an S3 source not uploaded yet (source=s3 bootstrap)', () => {
  it('reports waiting for the source, not a failure, until both objects are there, in either order', async () => {
    for (const first of ['sigs.yaml', 'schedule.yaml'] as const) {
      const folder = `bootstrap-${first}`;
      const { publisher, logs, contents } = await deployment(`s3://sources/${folder}/sigs.yaml`, {
        SIGCAL_OVERLAY: `s3://sources/${folder}/schedule.yaml`,
      });
      const publish = publisher();
      // The deploy-time run, before anything was uploaded.
      expect(await publish({ action: 'republish', trigger: 'deploy', version: '1' })).toEqual({
        ok: true,
        waiting: true,
        trigger: 'deploy',
        target: expect.stringMatching(/^s3:\/\/site-\d+\/calendar\/$/),
        waitingFor: `s3://sources/${folder}/sigs.yaml`,
        published: false,
        reason: `s3://sources/${folder}/sigs.yaml has not been uploaded yet: the site is published once it is`,
        durationMs: expect.any(Number),
      });

      const upload = async (key: 'sigs.yaml' | 'schedule.yaml') => {
        const body =
          key === 'sigs.yaml'
            ? sigsYaml(COMMUNITY)
            : 'sig-docs:\n  Weekly meeting:\n    skip: [2026-03-10]\n';
        await putObject(s3.admin, 'sources', `${folder}/${key}`, body);
        return publish(eventBridgeS3('sources', `${folder}/${key}`));
      };
      const second = first === 'sigs.yaml' ? 'schedule.yaml' : 'sigs.yaml';
      // One object is there: still waiting, now for the other.
      expect(await upload(first)).toMatchObject({
        ok: true,
        waiting: true,
        trigger: 's3',
        waitingFor: `s3://sources/${folder}/${second}`,
        published: false,
      });
      expect(await contents()).toEqual(new Map());
      // Both: published.
      const summary = published(await upload(second));
      expect(summary).toMatchObject({
        trigger: 's3',
        source: { location: `s3://sources/${folder}/sigs.yaml` },
        overlay: { location: `s3://sources/${folder}/schedule.yaml` },
      });
      expect((await contents()).has('calendars/sig-docs/weekly-meeting.ics')).toBe(true);
      expect(logs.map((l) => JSON.parse(l) as { ok: boolean }).every((l) => l.ok)).toBe(true);
    }
  });

  it('says so when a published site loses its source, and leaves the site as it was', async () => {
    await putObject(s3.admin, 'sources', 'vanishing/sigs.yaml', sigsYaml(COMMUNITY));
    const { publisher, contents } = await deployment('s3://sources/vanishing/sigs.yaml');
    published(await publisher()(SCHEDULED));
    const before = await contents();
    await s3.admin.send(new DeleteObjectCommand({ Bucket: 'sources', Key: 'vanishing/sigs.yaml' }));
    expect(await publisher()(SCHEDULED)).toMatchObject({
      ok: true,
      waiting: true,
      waitingFor: 's3://sources/vanishing/sigs.yaml',
      published: true,
      reason: expect.stringMatching(/is gone: the published site stays as it was, and ages/),
    });
    expect(await contents()).toEqual(before);
  });

  it('still fails for a source that is unreadable rather than missing, or missing at an https URL', async () => {
    const { publisher, logs } = await deployment(`${https.origin}/moved/sigs.yaml`);
    https.route('/moved/sigs.yaml', (_req, res) => res.writeHead(404).end());
    await expect(publisher()(SCHEDULED)).rejects.toBeInstanceOf(SourceMissingError);
    expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({ ok: false, error: { name: 'SourceError' } });

    // An S3 error other than "no such object" (here, no such bucket) is a failure too.
    const other = await deployment('s3://no-such-bucket/sigs.yaml');
    await expect(other.publisher()(SCHEDULED)).rejects.toThrow(
      /s3:\/\/no-such-bucket\/sigs\.yaml: cannot read/,
    );
    expect(JSON.parse(other.logs[0] ?? '{}')).toMatchObject({ ok: false });
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

describe('the publisher near its deadline', () => {
  it('stops at a safe point, logs the failure line with reason "deadline", and leaves the site as it was', async () => {
    await writeFile(join(bundle, 'sigs.yaml'), sigsYaml(COMMUNITY));
    const { publisher, logs, contents } = await deployment('bundled');
    await publisher()(REPUBLISH);
    const before = await contents();
    // A change that would rewrite objects, were the run allowed to finish.
    await writeFile(
      join(bundle, 'sigs.yaml'),
      sigsYaml(withMeeting(COMMUNITY, 'sig-docs', 0, { time: '19:00' })),
    );
    for (const remaining of [0, 10_000, 15_000, 15_002]) {
      logs.length = 0;
      const context = { getRemainingTimeInMillis: () => remaining };
      const failing = publisher()(REPUBLISH, context);
      await expect(failing).rejects.toMatchObject({ name: 'DeadlineError' });
      expect(JSON.parse(logs[0] ?? '{}')).toMatchObject({
        ok: false,
        trigger: 'republish',
        reason: 'deadline',
        error: { name: 'DeadlineError', message: expect.stringMatching(/^stopped .*deadline/) },
      });
      expect(logs).toHaveLength(1);
      expect(await contents()).toEqual(before);
    }
    // With time to spare the same run publishes.
    const summary = published(await publisher()(REPUBLISH, { getRemainingTimeInMillis: () => 120_000 }));
    expect(summary.written).toBeGreaterThan(0);
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
        SIGCAL_SITE_PREFIX: 'community/',
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
      allowPrivateSource: false,
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

  it('keeps the prefix inside the bucket and the window within two years', () => {
    const base = {
      SIGCAL_SITE_BUCKET: 'calendar-site',
      SIGCAL_SOURCE: 'bundled',
      SIGCAL_SITE_URL: 'https://c.example.org/',
    };
    const problems = (vars: Record<string, string>) => {
      try {
        readPublisherConfig({ ...base, ...vars }, new URL('file:///opt/bundle/'));
      } catch (error) {
        return (error as { problems: string[] }).problems;
      }
      return [];
    };
    expect(problems({ SIGCAL_SITE_PREFIX: '/community/' })).toEqual([
      'SIGCAL_SITE_PREFIX "/community/" must not start with "/" (write community/, not /community/)',
    ]);
    for (const prefix of ['../other', 'a/../../b', 'a/./b', 'a//b', 'a\\b']) {
      expect(problems({ SIGCAL_SITE_PREFIX: prefix }), prefix).toHaveLength(1);
    }
    expect(problems({ SIGCAL_SITE_PREFIX: 'community/calendar/' })).toEqual([]);
    expect(problems({ SIGCAL_DAYS_BEFORE: '731', SIGCAL_DAYS_AFTER: '0' })).toEqual([
      'SIGCAL_DAYS_BEFORE "731" is not a whole number of days from 0 to 730 (two years)',
      'SIGCAL_DAYS_AFTER "0" is not a whole number of days from 1 to 730 (two years)',
    ]);
    expect(problems({ SIGCAL_DAYS_BEFORE: '730', SIGCAL_DAYS_AFTER: '730' })).toEqual([]);
  });
});
