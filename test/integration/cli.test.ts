import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../functions/cli/args.ts';
import type { CliIo } from '../../functions/cli/io.ts';
import { runPublish } from '../../functions/cli/publish.ts';
import { RepublishError, runRepublish } from '../../functions/cli/republish.ts';
import { SourceError, ValidationError } from '../../functions/core/errors.ts';
import { STATE_PATH } from '../../functions/core/site-contract.ts';
import { acquireLease, LEASE_PATH } from '../../functions/store/lease.ts';
import { S3Store } from '../../functions/store/s3-store.ts';
import { MassDeleteError } from '../../functions/store/sync.ts';
import { COMMUNITY, sigsYaml, withMeeting } from './support/community.ts';
import { CREDENTIALS, listBucket, type RunningS3, startS3 } from './support/s3.ts';

let s3: RunningS3;
let dir: string;

beforeAll(async () => {
  s3 = await startS3();
  dir = await mkdtemp(join(tmpdir(), 'sigcal-cli-'));
  // The CLI takes credentials from the standard AWS chain, here the environment.
  vi.stubEnv('AWS_ACCESS_KEY_ID', CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', CREDENTIALS.secretAccessKey);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

function io(): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    env: {},
    now: () => new Date('2026-03-03T12:00:00Z'),
    out: () => out,
    err: () => err,
  };
}

async function source(name: string, yaml: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, yaml);
  return file;
}

describe('sigcal publish', () => {
  it('publishes with a progress line per phase and a final summary; a second run writes nothing', async () => {
    await s3.createBucket('cli-site');
    const file = await source('sigs.yaml', sigsYaml(COMMUNITY));
    const args = ['--bucket', 'cli-site', '--prefix', 'cal', '--endpoint', s3.endpoint, '--source', file];
    const first = io();
    expect(await runPublish(args, first)).toBe(0);
    expect(first.err()).toMatch(
      /^site URL: http:\/\/127\.0\.0\.1:\d+\/cli-site\/cal\/ \(give your CDN's address/,
    );
    expect(first.err()).toContain(`source: ${file} (sha256 `);
    expect(first.err()).toMatch(
      /\nbuilt 33 objects \(\d+ bytes\): 3 groups, 4 scheduled and 0 unscheduled meetings/,
    );
    // 20 pages, feeds and assets, the 404 page, the JSON of the 3 groups and all.json, and the gzip
    // variants of the 8 feeds the CDN serves.
    expect(first.err()).toContain('plan for s3://cli-site/cal/: 33 new, 0 changed, 0 unchanged, 0 to delete');
    expect(first.err()).toMatch(
      /writing feeds and assets: \d+\nwriting meeting pages: 4\nwriting group pages: 3\nwriting index: 2\nwriting manifest: 1\n$/,
    );
    expect(first.out()).toMatch(
      /^published to s3:\/\/cli-site\/cal\/: written 33 \([\d.]+ kB\), unchanged 0, deleted 0 in [\d.]+ s \(4 scheduled, 0 unscheduled, 0 left out\)\n$/,
    );
    // The site, sigcal's record of it and its lease.
    const published = await listBucket(s3.admin, 'cli-site', 'cal/');
    expect(published.size).toBe(35);
    expect([...published.keys()].filter((key) => key.endsWith('.ics.gz'))).toHaveLength(8);

    const second = io();
    expect(await runPublish(args, second)).toBe(0);
    expect(second.out()).toMatch(/written 0 \(0 B\), unchanged 33, deleted 0/);
    expect(second.err()).not.toContain('writing');
  });

  it('prints the plan on a dry run and writes nothing', async () => {
    await s3.createBucket('cli-dry');
    const file = await source('dry.yaml', sigsYaml(COMMUNITY));
    const base = ['--bucket', 'cli-dry', '--endpoint', s3.endpoint, '--site-url', 'https://cal.example.org/'];
    expect(await runPublish([...base, '--source', file], io())).toBe(0);
    const changed = await source(
      'dry2.yaml',
      sigsYaml(withMeeting(COMMUNITY, 'sig-net', 0, { time: '15:00' })),
    );
    const before = await listBucket(s3.admin, 'cli-dry');
    const dry = io();
    expect(await runPublish([...base, '--source', changed, '--dry-run'], dry)).toBe(0);
    expect(dry.err()).toContain('  would write  changed calendars/sig-net/regular-meeting.ics');
    expect(dry.out()).toMatch(
      /^dry run for s3:\/\/cli-dry\/: would write \d+ \([\d.]+ kB\), unchanged \d+, would delete 0 .*nothing was written\n$/,
    );
    expect(await listBucket(s3.admin, 'cli-dry')).toEqual(before);
  });

  it('refuses a mass delete (also on a dry run) unless --allow-mass-delete', async () => {
    await s3.createBucket('cli-mass');
    const base = ['--bucket', 'cli-mass', '--endpoint', s3.endpoint, '--region', 'us-east-1'];
    expect(
      await runPublish([...base, '--source', await source('full.yaml', sigsYaml(COMMUNITY))], io()),
    ).toBe(0);
    const before = await listBucket(s3.admin, 'cli-mass');
    const truncated = await source('truncated.yaml', sigsYaml([{ dir: 'wg-x', name: 'X', meetings: [] }]));
    const dry = io();
    await expect(runPublish([...base, '--source', truncated, '--dry-run'], dry)).rejects.toBeInstanceOf(
      MassDeleteError,
    );
    expect(dry.err()).toMatch(/would delete {9}sig-docs\/index\.html/);
    await expect(runPublish([...base, '--source', truncated], io())).rejects.toThrow(
      /refusing to delete \d+ of the 33 objects published at s3:\/\/cli-mass\/.*--allow-mass-delete/,
    );
    const site = (listing: Map<string, string>) => [...listing].filter(([key]) => key !== LEASE_PATH);
    expect(site(await listBucket(s3.admin, 'cli-mass'))).toEqual(site(before));
    expect(await runPublish([...base, '--source', truncated, '--allow-mass-delete'], io())).toBe(0);
    expect([...(await listBucket(s3.admin, 'cli-mass')).keys()]).toContain(STATE_PATH);
  });

  it('waits --wait seconds for another run, saying who holds the lease, then fails naming it', async () => {
    await s3.createBucket('cli-lease');
    const file = await source('lease.yaml', sigsYaml(COMMUNITY));
    const held = await acquireLease(new S3Store(s3.admin, 'cli-lease'), 'run-lambda', {
      holder: 'sigcal publisher function (request r-1)',
    });
    const base = ['--bucket', 'cli-lease', '--endpoint', s3.endpoint, '--source', file];
    const cli = io();
    await expect(runPublish([...base, '--wait', '1'], cli)).rejects.toThrow(
      /^s3:\/\/cli-lease\/ is being published by another run: run run-lambda \(sigcal publisher function \(request r-1\)\) has held its lease since .*; waited \d+ s, wrote nothing/,
    );
    expect(cli.err()).toMatch(
      /\nwaiting for another run: run run-lambda \(sigcal publisher function \(request r-1\)\) has held the lease since \d{4}-/,
    );
    await expect(runPublish([...base, '--wait', 'soon'], io())).rejects.toThrow(
      '--wait "soon" is not a whole number of seconds between 0 and 3600',
    );
    await held.release();
    expect(await runPublish([...base, '--wait', '0'], io())).toBe(0);
  });

  it('throws for cli.ts to report (exit 2) an invalid source or usage, writing nothing', async () => {
    await s3.createBucket('cli-invalid');
    const invalid = await source(
      'invalid.yaml',
      sigsYaml(
        withMeeting(withMeeting(COMMUNITY, 'sig-docs', 0, { time: '25:00' }), 'sig-net', 0, {
          tz: 'Mars/Olympus',
        }),
      ),
    );
    const base = ['--bucket', 'cli-invalid', '--endpoint', s3.endpoint];
    const failing = runPublish([...base, '--source', invalid], io());
    await expect(failing).rejects.toBeInstanceOf(ValidationError);
    await expect(failing).rejects.toMatchObject({
      diagnostics: [
        expect.objectContaining({ path: 'sigs[0].meetings[0].time' }),
        expect.objectContaining({ path: 'sigs[1].meetings[0].tz' }),
      ],
    });
    expect((await listBucket(s3.admin, 'cli-invalid')).size).toBe(0);

    await expect(runPublish(['--endpoint', s3.endpoint], io())).rejects.toThrow(UsageError);
    await expect(
      runPublish(['--bucket', 'b-b-b', '--source', 'http://example.org/sigs.yaml'], io()),
    ).rejects.toThrow(/--source: "http:\/\/example\.org\/sigs\.yaml": http:\/\/ sources are not supported/);
    await expect(runPublish([...base, '--max-events', 'lots', '--source', invalid], io())).rejects.toThrow(
      UsageError,
    );
    // A duration with no value (`P`, `PT`, `P1DT`) is no RFC 5545 DURATION.
    for (const refresh of ['P', 'PT', 'P1DT', 'PT6H\r\nX-EVIL:1']) {
      await expect(runPublish([...base, '--refresh', refresh, '--source', invalid], io())).rejects.toThrow(
        `--refresh "${refresh}" is not a positive ISO 8601 duration`,
      );
    }
    const missing = runPublish([...base, '--source', join(dir, 'nope.yaml')], io());
    await expect(missing).rejects.toBeInstanceOf(SourceError);
    await expect(missing).rejects.toThrow(/nope\.yaml: cannot read: no such file/);
  });
});

describe('sigcal republish', () => {
  type Reply = { status: number; headers?: Record<string, string>; body: string };
  let reply: Reply;
  /** Answered first, one per request, before falling back to `reply`. */
  const replies: Reply[] = [];
  const seen: { method: string; url: string; invocationType: string | undefined; body: string }[] = [];
  let endpoint: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    // Speaks the Lambda Invoke REST call: POST /2015-03-31/functions/{name}/invocations.
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
          body,
        });
        const next = replies.shift() ?? reply;
        res.writeHead(next.status, { 'content-type': 'application/json', ...next.headers }).end(next.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  const args = () => ['--function', 'sigcal-publisher', '--endpoint', endpoint, '--region', 'us-east-1'];

  it('invokes the function with {"action":"republish"} and prints its summary', async () => {
    const summary = {
      ok: true,
      trigger: 'republish',
      target: 's3://site/',
      meetings: { groups: 3, scheduled: 4, unscheduled: 0, leftOut: 0 },
      leftOut: [],
      written: 3,
      unchanged: 17,
      deleted: 0,
      bytesWritten: 12_345,
      durationMs: 1200,
      dryRun: false,
    };
    reply = { status: 200, headers: { 'x-amz-executed-version': '$LATEST' }, body: JSON.stringify(summary) };
    const cli = io();
    expect(await runRepublish(args(), cli)).toBe(0);
    expect(seen.at(-1)).toMatchObject({
      method: 'POST',
      url: '/2015-03-31/functions/sigcal-publisher/invocations',
      invocationType: 'RequestResponse',
      body: '{"action":"republish"}',
    });
    expect(cli.out()).toMatch(
      /^published to s3:\/\/site\/: written 3 \(12\.3 kB\), unchanged 17, deleted 0 in 1\.2 s \(4 scheduled, 0 unscheduled, 0 left out\)\n\{\n {2}"ok": true,/,
    );
    const json = io();
    expect(await runRepublish([...args(), '--json'], json)).toBe(0);
    expect(JSON.parse(json.out())).toEqual(summary);
  });

  it('throws when the function fails or cannot be invoked (exit 1), or on usage (exit 2)', async () => {
    reply = {
      status: 200,
      headers: { 'x-amz-function-error': 'Unhandled' },
      body: JSON.stringify({
        errorType: 'SourceError',
        errorMessage: 'https://x/sigs.yaml: cannot read: HTTP 404',
        trace: [],
      }),
    };
    const failed = runRepublish(args(), io());
    await expect(failed).rejects.toBeInstanceOf(RepublishError);
    await expect(failed).rejects.toThrow(
      'the publish failed: SourceError: https://x/sigs.yaml: cannot read: HTTP 404',
    );

    reply = {
      status: 404,
      headers: { 'x-amzn-errortype': 'ResourceNotFoundException' },
      body: JSON.stringify({ Type: 'User', message: 'Function not found: sigcal-publisher' }),
    };
    await expect(runRepublish(args(), io())).rejects.toThrow(
      /cannot invoke sigcal-publisher: ResourceNotFoundException: Function not found/,
    );
    await expect(runRepublish([], io())).rejects.toThrow(UsageError);
  });
  const THROTTLED: Reply = {
    status: 429,
    headers: { 'x-amzn-errortype': 'TooManyRequestsException' },
    body: JSON.stringify({
      Reason: 'ConcurrentInvocationLimitExceeded',
      Type: 'User',
      message: 'Rate Exceeded.',
    }),
  };
  /** What Lambda answers when the run gave up waiting for another run's lease on the site. */
  const BUSY: Reply = {
    status: 200,
    headers: { 'x-amz-function-error': 'Unhandled' },
    body: JSON.stringify({
      errorType: 'LeaseHeldError',
      errorMessage:
        's3://site/ is being published by another run: run r1 (sigcal publisher function (request 7)) has ' +
        'held its lease since 2026-03-03T11:59:00.000Z, until 2026-03-03T12:02:00.000Z unless it finishes or ' +
        'renews it; waited 60 s, wrote nothing (try again later, or wait longer)',
      trace: [],
    }),
  };
  const WAITING = {
    ok: true,
    waiting: true,
    trigger: 'republish',
    target: 's3://site/',
    waitingFor: 's3://sources/sigs.yaml',
    published: false,
    reason: 's3://sources/sigs.yaml has not been uploaded yet: the site is published once it is',
    durationMs: 41,
  };

  /** An io whose clock moves only when the command sleeps, and the sleeps it asked for. */
  function clocked() {
    const cli = io();
    let now = Date.parse('2026-03-03T12:00:00Z');
    const sleeps: number[] = [];
    return {
      cli: { ...cli, now: () => new Date(now) },
      out: cli.out,
      err: cli.err,
      sleeps,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    };
  }

  it('waits while throttled or while another run publishes, then prints the summary', async () => {
    const before = seen.length;
    replies.push(THROTTLED, THROTTLED, BUSY, BUSY);
    reply = { status: 200, body: JSON.stringify(WAITING) };
    const run = clocked();
    expect(await runRepublish(args(), run.cli, { sleep: run.sleep })).toBe(0);
    expect(seen.length - before).toBe(5);
    // Throttling backs off; a busy site is asked again at a steady pace (the run itself waited already).
    expect(run.sleeps).toEqual([1_000, 2_000, 10_000, 10_000]);
    expect(run.err()).toMatch(
      /^invoking sigcal-publisher…\nthrottled \(TooManyRequestsException: Rate Exceeded\.\); trying again in 1 s\ninvoking sigcal-publisher again \(try 2\)…\nthrottled .*; trying again in 2 s\n.*\nanother run is publishing \(s3:\/\/site\/ is being published by another run: run r1 .*\); trying again in 10 s\n/s,
    );
    expect(run.out()).toMatch(
      /^waiting for the source: s3:\/\/sources\/sigs\.yaml has not been uploaded yet: the site is published once it is\n\{/,
    );
    expect(JSON.parse(run.out().slice(run.out().indexOf('{')))).toEqual(WAITING);
  });

  it('gives up after --max-wait with a message that says why', async () => {
    reply = BUSY;
    const busy = clocked();
    const failing = runRepublish([...args(), '--max-wait', '30'], busy.cli, { sleep: busy.sleep });
    await expect(failing).rejects.toBeInstanceOf(RepublishError);
    await expect(failing).rejects.toThrow(
      /^gave up after 30 s: another run is still publishing \(s3:\/\/site\/ is being published by another run: .*\); the site is published by that run, or try again later$/,
    );
    expect(busy.sleeps).toEqual([10_000, 10_000, 10_000]);

    reply = THROTTLED;
    const throttled = clocked();
    await expect(
      runRepublish([...args(), '--max-wait', '5'], throttled.cli, { sleep: throttled.sleep }),
    ).rejects.toThrow(
      "gave up after 3 s: Lambda kept throttling sigcal-publisher (TooManyRequestsException: Rate Exceeded.); the account's concurrency is used up: try again later, or raise its Concurrent executions quota",
    );
    expect(throttled.sleeps).toEqual([1_000, 2_000]);

    // Without waiting, the first answer decides.
    const once = clocked();
    await expect(
      runRepublish([...args(), '--max-wait', '0'], once.cli, { sleep: once.sleep }),
    ).rejects.toThrow(/^gave up after 0 s: Lambda kept throttling/);
    expect(once.sleeps).toEqual([]);
    await expect(runRepublish([...args(), '--max-wait', 'soon'], io())).rejects.toThrow(UsageError);
  });
});
