import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_NAMESPACE, PUBLISHER_METRICS, SERVICE_DIMENSION } from '../../cdk/publisher-metrics.ts';
import { DEPLOY_RUN, SCHEDULED_RUN } from '../../cdk/publisher-stack.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { runRepublish } from '../../functions/cli/republish.ts';
import { COMMUNITY, SITE_URL, sigsYaml } from '../integration/support/community.ts';
import { eventBridgeS3, REPUBLISH } from '../integration/support/lambda-events.ts';
import {
  CREDENTIALS,
  putObject,
  REGION,
  type RunningS3,
  readBucket,
  startS3,
} from '../integration/support/s3.ts';
import { type GatedProxy, startGatedProxy } from './support/gated-proxy.ts';
import { type BundledFunctionSpec, type InvokeResult, LambdaEmulator } from './support/lambda-emulator.ts';
import { logicalId, removeSynthOutput, synthPublisher } from './synth-publisher.ts';

/*
 * The function as Lambda runs it: `cdk synth` bundles it (esbuild, as `npm run synth` does) for a
 * source=s3 stack with an overlay, and the test runs the bundled index.mjs from the cloud assembly in
 * Node.js processes of its own (one per execution environment), with the environment the template
 * gives the function and the variables Lambda's runtime sets, against s3rver. It invokes the handler
 * with the events the stack sends and checks the site in the bucket and every line the function prints.
 */

const SYNTH_TIMEOUT = 120_000;
const SITE_BUCKET = 'site';
const SOURCES = 'sources';
const OVERLAY = 'sig-docs:\n  Weekly meeting:\n    duration: 90\n';

/** What the template's tokens stand for once deployed (here: s3rver's buckets). */
const DEPLOYED: Record<string, string> = {
  SIGCAL_SITE_BUCKET: SITE_BUCKET,
  SIGCAL_SITE_URL: SITE_URL,
  SIGCAL_SOURCE: `s3://${SOURCES}/sigs.yaml`,
  SIGCAL_OVERLAY: `s3://${SOURCES}/schedule.yaml`,
};

interface TemplateFunction {
  readonly Properties: {
    readonly Code: { readonly S3Key: string };
    readonly Handler: string;
    readonly Runtime: string;
    readonly Timeout: number;
    readonly MemorySize: number;
    readonly LoggingConfig: { readonly LogFormat: string; readonly ApplicationLogLevel: string };
    readonly Environment: { readonly Variables: Record<string, unknown> };
  };
}

let s3: RunningS3;
let proxy: GatedProxy;
let spec: BundledFunctionSpec;
let lambda: LambdaEmulator;
const emulators: LambdaEmulator[] = [];

beforeAll(async () => {
  s3 = await startS3();
  await s3.createBucket(SITE_BUCKET);
  await s3.createBucket(SOURCES);
  proxy = await startGatedProxy(s3.endpoint);

  const { stack, template, outdir } = synthPublisher(
    { source: 's3', overlay: 'schedule.yaml' },
    { bundle: true },
  );
  const fn = template.toJSON().Resources[logicalId(stack, stack.publisher.function)] as TemplateFunction;
  const p = fn.Properties;
  const taskRoot = join(outdir, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`);
  const functionName = 'Sigcal-PublisherFunction';
  const variables = Object.fromEntries(
    Object.entries(p.Environment.Variables).map(([name, value]) => {
      if (typeof value === 'string') return [name, value];
      const deployed = DEPLOYED[name];
      if (deployed === undefined) throw new Error(`the test does not know what ${name} is once deployed`);
      return [name, deployed];
    }),
  );
  spec = {
    functionName,
    taskRoot,
    handler: p.Handler,
    runtime: p.Runtime,
    timeoutSeconds: p.Timeout,
    memoryMb: p.MemorySize,
    environment: {
      ...variables,
      // Not in the template: the test's S3 endpoint, through a proxy that can hold requests.
      SIGCAL_S3_ENDPOINT: proxy.endpoint,
      // What Lambda's runtime sets.
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
      AWS_EXECUTION_ENV: `AWS_Lambda_${p.Runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: functionName,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(p.MemorySize),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_FORMAT: p.LoggingConfig.LogFormat,
      AWS_LAMBDA_LOG_LEVEL: p.LoggingConfig.ApplicationLogLevel,
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
      LAMBDA_TASK_ROOT: taskRoot,
      _HANDLER: p.Handler,
      TZ: ':UTC',
      LANG: 'en_US.UTF-8',
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // Lambda runs Node.js 24; these tests may run on 20, where the SDK warns on stderr.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  };
  lambda = emulate(10);
}, SYNTH_TIMEOUT);

afterAll(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  await proxy?.close();
  await s3?.close();
  removeSynthOutput();
});

function emulate(concurrency: number): LambdaEmulator {
  const emulator = new LambdaEmulator(spec, { concurrency });
  emulators.push(emulator);
  return emulator;
}

/** A Powertools log line (the keys the Logger always writes, and the run summary). */
interface LogLine {
  readonly level: string;
  readonly message: string;
  readonly timestamp: string;
  readonly service: string;
  readonly cold_start: boolean;
  readonly function_name: string;
  readonly function_request_id: string;
  readonly xray_trace_id: string;
  readonly summary: Record<string, unknown>;
}

/** An EMF record: the metadata CloudWatch reads, and each metric's value at the top level. */
interface EmfRecord {
  readonly _aws: {
    readonly Timestamp: number;
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

interface Invocation extends InvokeResult {
  /** Every line the invocation printed, each one JSON (Lambda's JSON log format). */
  readonly records: readonly Record<string, unknown>[];
  readonly logs: readonly LogLine[];
  readonly metrics: readonly EmfRecord[];
}

/** Invokes the bundled handler and collects what its execution environment printed meanwhile. */
async function invoke(event: unknown, emulator = lambda): Promise<Invocation> {
  const before = emulator.printed.length;
  const result = await emulator.invoke(event);
  const lines = emulator.printed.slice(before).filter((p) => p.environment === result.environment);
  const records = lines.map((p) => {
    try {
      return JSON.parse(p.line) as Record<string, unknown>;
    } catch {
      throw new Error(`the function printed a line that is not JSON on ${p.stream}: ${p.line}`);
    }
  });
  return {
    ...result,
    records,
    logs: records.filter((r) => !('_aws' in r)) as unknown as LogLine[],
    metrics: records.filter((r) => '_aws' in r) as unknown as EmfRecord[],
  };
}

/** The one EMF record of a run, checked against what the alarms read; returns metric → value. */
function metricsOf(run: Invocation): Record<string, unknown> {
  expect(run.metrics).toHaveLength(1);
  const [record] = run.metrics;
  const [directive] = record?._aws.CloudWatchMetrics ?? [];
  expect(directive?.Namespace).toBe(METRICS_NAMESPACE);
  expect(directive?.Dimensions).toEqual([[SERVICE_DIMENSION]]);
  expect(record?.[SERVICE_DIMENSION]).toBe('Sigcal');
  const names = directive?.Metrics.map((m) => m.Name) ?? [];
  expect(Object.values(PUBLISHER_METRICS)).toEqual(expect.arrayContaining(names));
  for (const m of directive?.Metrics ?? []) {
    expect(m.Unit, m.Name).toBe(m.Name === PUBLISHER_METRICS.durationMs ? 'Milliseconds' : 'Count');
  }
  return Object.fromEntries(names.map((name) => [name, record?.[name]]));
}

/** The one log line of a run, with the invocation's context in it. */
function logOf(run: Invocation): LogLine {
  expect(run.logs).toHaveLength(1);
  const line = run.logs[0] as LogLine;
  expect(line).toMatchObject({
    service: 'Sigcal',
    function_name: spec.functionName,
    function_request_id: run.requestId,
    xray_trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
  });
  // The summary the invocation returned (or, for a failure, the one it logged).
  if (run.result !== undefined) expect(line.summary).toEqual(run.result);
  return line;
}

const site = () => readBucket(s3.admin, SITE_BUCKET);
const upload = (key: string, body: string) => putObject(s3.admin, SOURCES, key, body);

describe('the bundled publisher (cdk.out index.mjs) in Lambda-like execution environments', () => {
  it('reports "waiting for the source" before the first upload: a status, not an error', async () => {
    expect(existsSync(join(spec.taskRoot, 'index.mjs'))).toBe(true);
    const run = await invoke({ ...DEPLOY_RUN, version: '1' });
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({
      ok: true,
      waiting: true,
      trigger: 'deploy',
      target: `s3://${SITE_BUCKET}/`,
      waitingFor: `s3://${SOURCES}/sigs.yaml`,
      published: false,
      reason: `s3://${SOURCES}/sigs.yaml has not been uploaded yet: the site is published once it is`,
      durationMs: expect.any(Number),
    });
    expect(logOf(run)).toMatchObject({
      level: 'INFO',
      cold_start: true,
      message: `waiting for the source: s3://${SOURCES}/sigs.yaml has not been uploaded yet: the site is published once it is`,
    });
    // Nothing is ageing yet: the staleness alarm stays quiet while the stack waits for its first upload.
    expect(metricsOf(run)).toEqual({ PublishSucceeded: 1, DurationMs: expect.any(Number) });
    expect((await site()).size).toBe(0);
  });

  it('publishes once sigs.yaml and the overlay are both uploaded, whichever comes first', async () => {
    await upload('schedule.yaml', OVERLAY);
    const overlayFirst = await invoke(eventBridgeS3(SOURCES, 'schedule.yaml'));
    expect(overlayFirst.result).toMatchObject({
      ok: true,
      waiting: true,
      trigger: 's3',
      waitingFor: `s3://${SOURCES}/sigs.yaml`,
    });
    expect(logOf(overlayFirst).cold_start).toBe(false);

    await upload('sigs.yaml', sigsYaml(COMMUNITY));
    const run = await invoke(eventBridgeS3(SOURCES, 'sigs.yaml'));
    expect(run.error).toBeUndefined();
    const summary = run.result as {
      written: number;
      deleted: number;
      meetings: { scheduled: number; unscheduled: number; leftOut: number };
    };
    expect(summary).toMatchObject({
      ok: true,
      trigger: 's3',
      target: `s3://${SITE_BUCKET}/`,
      source: { location: `s3://${SOURCES}/sigs.yaml`, notModified: false },
      overlay: { location: `s3://${SOURCES}/schedule.yaml`, notModified: false },
      meetings: { groups: 3, scheduled: 4, unscheduled: 0, leftOut: 0 },
      deleted: 0,
    });
    expect(logOf(run)).toMatchObject({
      level: 'INFO',
      message: `published to s3://${SITE_BUCKET}/: ${summary.written} written, 0 unchanged, 0 deleted; 4 scheduled, 0 unscheduled, 0 left out`,
    });
    expect(metricsOf(run)).toEqual({
      PublishSucceeded: 1,
      MeetingsScheduled: 4,
      MeetingsUnscheduled: 0,
      MeetingsLeftOut: 0,
      ObjectsWritten: summary.written,
      ObjectsDeleted: 0,
      DurationMs: expect.any(Number),
      SourceNotModified: 0,
    });

    const objects = await site();
    for (const path of ['index.html', 'manifest.json', 'calendars/all.ics', 'calendars/all.ics.gz']) {
      expect(objects.has(path), path).toBe(true);
    }
    // The overlay is applied: the 17:00 UTC meeting lasts 90 minutes.
    const feed = new TextDecoder().decode(objects.get('calendars/sig-docs/weekly-meeting.ics')?.body);
    expect(feed).toMatch(/DTSTART:\d{8}T170000Z\r\nDTEND:\d{8}T183000Z\r\n/);
  });

  it('republishes on the schedule (the source unchanged: one conditional read) and on demand', async () => {
    const scheduled = await invoke(SCHEDULED_RUN);
    expect(scheduled.result).toMatchObject({
      ok: true,
      trigger: 'scheduled',
      source: { notModified: true },
      overlay: { notModified: true },
      deleted: 0,
    });
    expect(metricsOf(scheduled)).toMatchObject({
      PublishSucceeded: 1,
      SourceNotModified: 1,
      ObjectsDeleted: 0,
    });

    const onDemand = await invoke(REPUBLISH);
    expect(onDemand.result).toMatchObject({ ok: true, trigger: 'republish', deleted: 0 });
    expect(logOf(onDemand).level).toBe('INFO');
    expect(metricsOf(onDemand)).toMatchObject({ PublishSucceeded: 1 });
  });

  it('runs two invocations in flight at once in two environments, both ending published', async () => {
    const [scheduled, onDemand] = await Promise.all([invoke(SCHEDULED_RUN), invoke(REPUBLISH)]);
    expect(new Set([scheduled?.environment, onDemand?.environment]).size).toBe(2);
    for (const run of [scheduled, onDemand]) {
      expect(run?.error).toBeUndefined();
      expect(run?.result).toMatchObject({ ok: true, deleted: 0 });
      expect(metricsOf(run as Invocation)).toMatchObject({ PublishSucceeded: 1 });
    }
    // The second environment started cold.
    const cold = [scheduled, onDemand].find((r) => r?.environment === 1) as Invocation;
    expect(logOf(cold).cold_start).toBe(true);
    // The site is whole: every object the manifest lists is there.
    const objects = await site();
    const manifest = JSON.parse(new TextDecoder().decode(objects.get('manifest.json')?.body)) as {
      objects: Record<string, unknown>;
    };
    const missing = Object.keys(manifest.objects).filter((path) => !objects.has(path));
    expect(missing).toEqual([]);
  });

  it('lets `sigcal republish` wait for a run in flight, then print its own run', async () => {
    // One execution environment at most, as when the account's concurrency is used up: while the
    // scheduled run is in flight (held at its first S3 request), the CLI's invoke is throttled.
    const single = emulate(1);
    const endpoint = await single.listen();
    proxy.hold();
    const inFlight = invoke(SCHEDULED_RUN, single);
    let out = '';
    let err = '';
    const io: CliIo = {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { AWS_REGION: REGION },
      now: () => new Date(),
    };
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
    let code: number;
    try {
      code = await runRepublish(['--function', spec.functionName, '--endpoint', endpoint], io, {
        // The first pause lets the run in flight go on; pauses are short so the test does not wait long.
        sleep: async () => {
          proxy.release();
          await delay(20);
        },
      });
    } finally {
      proxy.release();
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    }
    expect(code).toBe(0);
    expect(err).toMatch(
      /^invoking Sigcal-PublisherFunction…\nthrottled \(TooManyRequestsException: Rate Exceeded\.\); trying again in 1 s\n/,
    );
    expect(out).toMatch(new RegExp(`^published to s3://${SITE_BUCKET}/: written \\d+`));
    expect(JSON.parse(out.slice(out.indexOf('{')))).toMatchObject({ ok: true, trigger: 'republish' });
    const scheduled = await inFlight;
    expect(scheduled.result).toMatchObject({ ok: true, trigger: 'scheduled' });
  });

  it('fails loudly for an event it does not handle, logging an error and PublishSucceeded 0', async () => {
    const run = await invoke({ hello: 'world' });
    expect(run.error).toEqual({
      errorType: 'UnknownEventError',
      errorMessage: expect.stringMatching(/^unrecognised event \{"hello":"world"\}/),
    });
    expect(logOf(run)).toMatchObject({
      level: 'ERROR',
      message: expect.stringMatching(/^publish failed: UnknownEventError: unrecognised event/),
      summary: { ok: false, trigger: null, error: { name: 'UnknownEventError' } },
    });
    expect(metricsOf(run)).toEqual({ PublishSucceeded: 0, DurationMs: expect.any(Number) });
  });
});
