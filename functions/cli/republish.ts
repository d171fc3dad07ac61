import { parseArgs } from 'node:util';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import type { SkippedSummary } from '../lambda/publisher.ts';
import type { RunSummary } from '../pipeline/pipeline.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { formatSummary } from './publish.ts';

export const REPUBLISH_HELP = `Usage: sigcal republish --function NAME [--region R] [--endpoint URL] [--json]

Asks the deployed publisher function to rebuild and republish the site now ({"action":"republish"})
and prints the summary it returns.

Options:
  --function NAME    the publisher Lambda's name or ARN (required)
  --region R         default: AWS_REGION or the AWS profile
  --endpoint URL     a Lambda-compatible endpoint instead of AWS
  --json             print only the summary JSON
`;

/** The function ran and failed, or could not be invoked; cli.ts reports it and exits 1. */
export class RepublishError extends Error {
  override readonly name = 'RepublishError';
}

/** A Lambda can run for 15 minutes; wait a little longer than that for its answer. */
const INVOKE_TIMEOUT_MS = 16 * 60_000;

/**
 * `sigcal republish`: invokes the publisher synchronously and prints its summary. Throws UsageError
 * (exit 2) or RepublishError (exit 1) for cli.ts to report.
 */
export async function runRepublish(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      function: { type: 'string' },
      region: { type: 'string' },
      endpoint: { type: 'string' },
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
  const region =
    values.region ??
    io.env.AWS_REGION ??
    io.env.AWS_DEFAULT_REGION ??
    (values.endpoint ? 'us-east-1' : undefined);
  const client = new LambdaClient({
    ...(region ? { region } : {}),
    ...(values.endpoint ? { endpoint: values.endpoint } : {}),
    requestHandler: { requestTimeout: INVOKE_TIMEOUT_MS, throwOnRequestTimeout: true },
  });
  try {
    io.stderr.write(`invoking ${values.function}…\n`);
    let out: InvokeCommandOutput;
    try {
      out = await client.send(
        new InvokeCommand({
          FunctionName: values.function,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify({ action: 'republish' })),
        }),
      );
    } catch (error) {
      const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      throw new RepublishError(`cannot invoke ${values.function}: ${why}`, { cause: error });
    }
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError) {
      // The function threw: Lambda returns its error as the payload.
      const failure = parseJson(text) as { errorType?: unknown; errorMessage?: unknown } | undefined;
      const what =
        typeof failure?.errorMessage === 'string'
          ? `${typeof failure.errorType === 'string' ? `${failure.errorType}: ` : ''}${failure.errorMessage}`
          : text || out.FunctionError;
      throw new RepublishError(`the publish failed: ${what}`);
    }
    const summary = parseJson(text) as RunSummary | SkippedSummary | undefined;
    if (!summary || typeof summary !== 'object') {
      throw new RepublishError(`unexpected answer from ${values.function}: ${text.slice(0, 200)}`);
    }
    if (!values.json) {
      io.stdout.write('skipped' in summary ? `skipped: ${summary.reason}\n` : `${formatSummary(summary)}\n`);
    }
    io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
