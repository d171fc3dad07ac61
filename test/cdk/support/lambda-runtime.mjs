/**
 * One Lambda execution environment for a bundled Node.js handler, run the way the managed runtime runs
 * it: the module `_HANDLER` names is imported from LAMBDA_TASK_ROOT once (the init phase), then
 * invocations are handled one at a time, each with a context. Invocations arrive as JSON lines on
 * stdin; each answer goes out as a JSON line on fd 3, so stdout and stderr carry only what the function
 * prints, as CloudWatch Logs would receive it. Each answer says how many bytes the function had printed
 * by then, so the test reads every line of an invocation before it looks at them.
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const answer = (message) => writeSync(3, `${JSON.stringify(message)}\n`);
const printed = () => ({ stdout: process.stdout.bytesWritten, stderr: process.stderr.bytesWritten });
const failure = (error) => ({
  errorType: error instanceof Error ? error.name : 'Error',
  errorMessage: error instanceof Error ? error.message : String(error),
});

const [file, name] = (process.env._HANDLER ?? '').split('.');
let handler;
try {
  const module = await import(pathToFileURL(join(process.env.LAMBDA_TASK_ROOT ?? '', `${file}.mjs`)).href);
  handler = module[name];
  if (typeof handler !== 'function') throw new Error(`${process.env._HANDLER} is not a function`);
} catch (error) {
  answer({ init: 'failed', error: failure(error), printed: printed() });
  process.exit(1);
}
answer({ init: 'done', printed: printed() });

for await (const line of createInterface({ input: process.stdin })) {
  const { requestId, traceId, event, deadline, context } = JSON.parse(line);
  // Lambda sets the invocation's trace header in the environment; Powertools' Logger reads it.
  process.env._X_AMZN_TRACE_ID = `Root=${traceId};Parent=0000000000000001;Sampled=1`;
  const invocation = {
    ...context,
    awsRequestId: requestId,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let message;
  try {
    message = { requestId, result: await handler(event, invocation) };
  } catch (error) {
    message = { requestId, error: failure(error) };
  }
  answer({ ...message, printed: printed() });
}
