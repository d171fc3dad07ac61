import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMMUNITY, sigsYaml, withMeeting } from './support/community.ts';
import { deploymentEnv, published } from './support/deployment.ts';
import { eventBridgeS3, lambdaContext, REPUBLISH, SCHEDULED, s3Event } from './support/lambda-events.ts';
import { CREDENTIALS, putObject, REGION, type RunningS3, readBucket, startS3 } from './support/s3.ts';

/*
 * The handler module itself, imported afresh in each test (it reads its environment at cold start).
 * A file of its own: vi.resetModules() gives later imports new module instances, and error classes
 * from a new instance would fail instanceof checks in other tests' publishers.
 */

let s3: RunningS3;

beforeAll(async () => {
  s3 = await startS3();
  await s3.createBucket('sources');
});
afterAll(async () => {
  await s3.close();
});

/** A site bucket, and the environment of a publisher function deployed against it. */
async function deployment(source: string) {
  const bucket = 'site';
  await s3.createBucket(bucket);
  const env = deploymentEnv(s3, bucket, source);
  const contents = () => readBucket(s3.admin, bucket, 'calendar/');
  return { env, contents };
}

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
      POWERTOOLS_SERVICE_NAME: 'Sigcal',
      POWERTOOLS_METRICS_NAMESPACE: 'sigcal',
      // Lambda sets this; Powertools reports a cold start only for on-demand initialisation.
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    });
    // Powertools writes its log lines and metrics (EMF) to the process's own streams.
    const printed: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      });
    }
    const { handler } = await import('../../functions/lambda/handler.ts');

    const first = published(await handler(SCHEDULED, lambdaContext('request-1')));
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
    const uploaded = published(
      await handler(s3Event('sources', 'community/sigs.yaml'), lambdaContext('request-2')),
    );
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
    const bridged = published(
      await handler(eventBridgeS3('sources', 'community/sigs.yaml'), lambdaContext('request-3')),
    );
    expect(bridged).toMatchObject({ trigger: 's3', source: { notModified: false } });
    expect(bridged.written).toBeGreaterThan(0);
    expect(
      await handler(eventBridgeS3('sources', 'community/other.yaml'), lambdaContext('request-4')),
    ).toMatchObject({ skipped: true });

    const other = await handler(s3Event('sources', 'community/README file.md'), lambdaContext('request-5'));
    expect(other).toMatchObject({ ok: true, skipped: true, trigger: 's3' });
    expect((other as { reason: string }).reason).toMatch(
      /created s3:\/\/sources\/community\/README file\.md.*not about the source/,
    );
    expect(
      await handler(
        s3Event('sources', 'community/sigs.yaml', 'ObjectRemoved:Delete'),
        lambdaContext('request-6'),
      ),
    ).toMatchObject({
      skipped: true,
    });

    // On demand: the unchanged source costs a 304, and no feed changes. (The handler reads the real
    // clock and pages show when they were published, so pages may be rewritten; with a fixed clock
    // nothing is, see publish.test.ts.)
    const feeds = async () =>
      [...(await contents())].filter(([path]) => path.endsWith('.ics')).map(([p, o]) => [p, o.sha256]);
    const feedsBefore = await feeds();
    const again = published(await handler(REPUBLISH, lambdaContext('request-7')));
    expect(again).toMatchObject({ trigger: 'republish', deleted: 0, source: { notModified: true } });
    expect(await feeds()).toEqual(feedsBefore);

    await expect(handler({ hello: 'world' }, lambdaContext('request-8'))).rejects.toMatchObject({
      name: 'UnknownEventError',
    });

    // One log line per invocation, with its request and the summary; one EMF record per run.
    const records = printed
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const logLines = records.filter((r) => !('_aws' in r)) as {
      level: string;
      function_request_id: string;
      cold_start: boolean;
      summary: { trigger: string | null };
    }[];
    expect(logLines.map((l) => [l.function_request_id, l.level, l.summary.trigger])).toEqual([
      ['request-1', 'INFO', 'scheduled'],
      ['request-2', 'INFO', 's3'],
      ['request-3', 'INFO', 's3'],
      ['request-4', 'INFO', 's3'],
      ['request-5', 'INFO', 's3'],
      ['request-6', 'INFO', 's3'],
      ['request-7', 'INFO', 'republish'],
      ['request-8', 'ERROR', null],
    ]);
    expect(logLines.map((l) => l.cold_start)).toEqual([true, ...Array(7).fill(false)]);
    const emf = records.filter((r) => '_aws' in r);
    expect(emf.map((r) => [r.service, r.PublishSucceeded])).toEqual([
      ['Sigcal', 1],
      ['Sigcal', 1],
      ['Sigcal', 1],
      ['Sigcal', 1],
      ['Sigcal', 0],
    ]);
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
