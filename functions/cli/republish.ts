import { setTimeout as delay } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { PublisherResult } from '../lambda/publisher.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { formatSummary, regionOf } from './summary-lines.ts';

export const REPUBLISH_HELP = `Usage: sigcal republish --function NAME [--region R] [--endpoint URL] [--max-wait S] [--json]

Asks the deployed publisher function to rebuild and republish the site now ({"action":"republish"})
and prints the summary it returns. While another run is publishing, or Lambda throttles the call, it
waits and tries again, up to --max-wait seconds.

Options:
  --function NAME    the publisher Lambda's name or ARN (required)
  --region R         default: AWS_REGION or the AWS profile
  --endpoint URL     a Lambda-compatible endpoint instead of AWS
  --max-wait S       seconds to keep trying while the function is busy or throttled (default 1200)
  --json             print only the summary JSON
`;

/** The function ran and failed, or could not be invoked; cli.ts reports it and exits 1. */
export class RepublishError extends Error {
  override readonly name = 'RepublishError';
}

/** A Lambda can run for 15 minutes; wait a little longer than that for its answer. */
const INVOKE_TIMEOUT_MS = 16 * 60_000;

/**
 * How long to keep trying by default: a run of the largest community takes up to 15 minutes (the
 * function's timeout), and a run that died holds the site's lease 3 minutes more.
 */
export const DEFAULT_MAX_WAIT_S = 20 * 60;

/** Pauses between tries: throttling backs off from 1 s to 30 s; a busy site is asked again every 10 s. */
const THROTTLE_FIRST_MS = 1_000;
const THROTTLE_MAX_MS = 30_000;
const BUSY_PAUSE_MS = 10_000;

export interface RepublishOptions {
  /** Waits between tries (tests make it advance a fake clock). */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why one try did not get an answer worth printing, and whether another try may. */
type Attempt =
  | { readonly kind: 'answered'; readonly summary: PublisherResult }
  | { readonly kind: 'busy' | 'throttled'; readonly why: string };

/**
 * `sigcal republish`: invokes the publisher synchronously and prints its summary. Throws UsageError
 * (exit 2) or RepublishError (exit 1) for cli.ts to report.
 */
export async function runRepublish(
  args: readonly string[],
  io: CliIo,
  options: RepublishOptions = {},
): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      function: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
      'max-wait': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(REPUBLISH_HELP);
    return 0;
  }
  if (!values.function) throw new UsageError('--function is required');
  const maxWaitS = values['max-wait'] === undefined ? DEFAULT_MAX_WAIT_S : Number(values['max-wait']);
  if (!Number.isInteger(maxWaitS) || maxWaitS < 0) {
    throw new UsageError(`--max-wait "${values['max-wait']}" is not a whole number of seconds`);
  }
  const region = regionOf(values, io.env);
  const client = new LambdaClient({
    ...(region ? { region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    // Throttling is retried below, where it can be said; anything else is reported at once, since an
    // invoke that timed out or lost its connection may still be running.
    maxAttempts: 1,
    requestHandler: { requestTimeout: INVOKE_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const name = values.function;
  try {
    const started = io.now().getTime();
    const giveUpAt = started + maxWaitS * 1000;
    let throttledPause = THROTTLE_FIRST_MS;
    for (let tries = 1; ; tries++) {
      io.stderr.write(tries === 1 ? `invoking ${name}…\n` : `invoking ${name} again (try ${tries})…\n`);
      const attempt = await invoke(client, name);
      if (attempt.kind === 'answered') {
        print(attempt.summary, values.json, io);
        return 0;
      }
      const pause = attempt.kind === 'busy' ? BUSY_PAUSE_MS : throttledPause;
      const now = io.now().getTime();
      const waited = formatSeconds(now - started);
      if (now + pause > giveUpAt) {
        throw new RepublishError(
          attempt.kind === 'busy'
            ? `gave up after ${waited}: another run is still publishing (${attempt.why}); the site is ` +
                'published by that run, or try again later'
            : `gave up after ${waited}: Lambda kept throttling ${name} (${attempt.why}); the account's ` +
                'concurrency is used up: try again later, or raise its Concurrent executions quota',
        );
      }
      io.stderr.write(
        attempt.kind === 'busy'
          ? `another run is publishing (${attempt.why}); trying again in ${formatSeconds(pause)}\n`
          : `throttled (${attempt.why}); trying again in ${formatSeconds(pause)}\n`,
      );
      await sleep(pause);
      if (attempt.kind === 'throttled') throttledPause = Math.min(throttledPause * 2, THROTTLE_MAX_MS);
    }
  } finally {
    client.destroy();
  }
}

/** One synchronous invoke, sorted: an answer, "busy" (another run holds the site), or throttled. */
async function invoke(client: LambdaClient, name: string): Promise<Attempt> {
  let out: InvokeCommandOutput;
  try {
    out = await client.send(
      new InvokeCommand({
        FunctionName: name,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify({ action: 'republish' })),
      }),
    );
  } catch (error) {
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 429 || (error as { name?: unknown }).name === 'TooManyRequestsException') {
      return { kind: 'throttled', why };
    }
    throw new RepublishError(`cannot invoke ${name}: ${why}`, { cause: error });
  }
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  if (out.FunctionError) {
    // The function threw: Lambda returns its error as the payload.
    const failure = parseJson(text) as { errorType?: unknown; errorMessage?: unknown } | undefined;
    const message = typeof failure?.errorMessage === 'string' ? failure.errorMessage : undefined;
    // The run waited for another run's lease on the site as long as it could; nothing was written.
    if (failure?.errorType === 'LeaseHeldError' && message) return { kind: 'busy', why: message };
    const what = message
      ? `${typeof failure?.errorType === 'string' ? `${failure.errorType}: ` : ''}${message}`
      : text || out.FunctionError;
    throw new RepublishError(`the publish failed: ${what}`);
  }
  const summary = parseJson(text) as PublisherResult | undefined;
  if (!summary || typeof summary !== 'object') {
    throw new RepublishError(`unexpected answer from ${name}: ${text.slice(0, 200)}`);
  }
  return { kind: 'answered', summary };
}

function print(summary: PublisherResult, json: boolean | undefined, io: CliIo): void {
  if (!json) {
    const line =
      'skipped' in summary
        ? `skipped: ${summary.reason}`
        : 'waiting' in summary
          ? `waiting for the source: ${summary.reason}`
          : formatSummary(summary);
    io.stdout.write(`${line}\n`);
  }
  io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

function formatSeconds(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
