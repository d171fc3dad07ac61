import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A bundled function as the synthesized template describes it. */
export interface BundledFunctionSpec {
  readonly functionName: string;
  /** The unpacked code asset (what Lambda puts in /var/task). */
  readonly taskRoot: string;
  /** `index.handler`. */
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** The function's own variables and the ones Lambda's runtime sets. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface InvokeResult {
  readonly requestId: string;
  /** Which execution environment ran it (0, 1, …): a new one starts cold. */
  readonly environment: number;
  readonly result?: unknown;
  /** What Lambda reports when the handler throws. */
  readonly error?: { readonly errorType: string; readonly errorMessage: string };
}

export interface PrintedLine {
  readonly environment: number;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

/** Every execution environment allowed is busy: Lambda's 429 TooManyRequestsException. */
export class TooManyRequestsError extends Error {
  override readonly name = 'TooManyRequestsException';
}

interface Answer {
  readonly init?: 'done' | 'failed';
  readonly requestId?: string;
  readonly result?: unknown;
  readonly error?: { errorType: string; errorMessage: string };
  readonly printed: { readonly stdout: number; readonly stderr: number };
}

/** One execution environment: a Node.js process running lambda-runtime.mjs, one invocation at a time. */
class ExecutionEnvironment {
  busy = false;
  private readonly child: ChildProcess;
  private readonly received = { stdout: 0, stderr: 0 };
  private readonly answers: Answer[] = [];
  private next: ((answer: Answer) => void) | null = null;
  private readonly exited: Promise<void>;

  constructor(
    readonly index: number,
    spec: BundledFunctionSpec,
    printed: PrintedLine[],
  ) {
    this.child = spawn(process.execPath, [new URL('./lambda-runtime.mjs', import.meta.url).pathname], {
      cwd: spec.taskRoot,
      env: { ...spec.environment },
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    for (const stream of ['stdout', 'stderr'] as const) {
      const readable = this.child[stream] as Readable;
      readable.on('data', (chunk: Buffer) => {
        this.received[stream] += chunk.byteLength;
        this.release();
      });
      createInterface({ input: readable }).on('line', (line) =>
        printed.push({ environment: index, stream, line }),
      );
    }
    createInterface({ input: this.child.stdio[3] as Readable }).on('line', (line) => {
      this.answers.push(JSON.parse(line) as Answer);
      this.release();
    });
  }

  /** Resolves the init phase's answer (the handler module loaded, or why not). */
  answer(): Promise<Answer> {
    return new Promise((resolve) => {
      this.next = resolve;
      this.release();
    });
  }

  send(message: unknown): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  /** Hands over an answer once every byte printed before it has been read (and split into lines). */
  private release(): void {
    const first = this.answers[0];
    if (!first || !this.next) return;
    const { stdout, stderr } = first.printed;
    if (this.received.stdout < stdout || this.received.stderr < stderr) return;
    this.answers.shift();
    const resolve = this.next;
    this.next = null;
    // The line reader splits the last chunk after this listener: hand the answer over after it.
    setImmediate(() => resolve(first));
  }

  async close(): Promise<void> {
    this.child.stdin?.end();
    this.child.kill('SIGTERM');
    await this.exited;
  }
}

/**
 * A small stand-in for the Lambda service around a bundled handler: each invocation runs in an idle
 * execution environment, or a new one (cold) while fewer than `concurrency` exist; beyond that the
 * invocation is throttled. `listen()` serves Lambda's Invoke API (RequestResponse), so `sigcal
 * republish --endpoint` can call it.
 */
export class LambdaEmulator {
  readonly printed: PrintedLine[] = [];
  private readonly environments: ExecutionEnvironment[] = [];
  private server: ReturnType<typeof createServer> | null = null;

  constructor(
    private readonly spec: BundledFunctionSpec,
    private readonly options: { readonly concurrency: number },
  ) {}

  /** Invokes the handler synchronously; rejects with TooManyRequestsError when no environment is free. */
  async invoke(event: unknown): Promise<InvokeResult> {
    let environment = this.environments.find((e) => !e.busy);
    if (!environment && this.environments.length >= this.options.concurrency) {
      throw new TooManyRequestsError('Rate Exceeded.');
    }
    const requestId = randomUUID();
    if (!environment) {
      environment = new ExecutionEnvironment(this.environments.length, this.spec, this.printed);
      this.environments.push(environment);
      environment.busy = true;
      const init = await environment.answer();
      if (init.init !== 'done') {
        environment.busy = false;
        return { requestId, environment: environment.index, ...(init.error ? { error: init.error } : {}) };
      }
    }
    environment.busy = true;
    try {
      environment.send({
        requestId,
        traceId: `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
        event,
        deadline: Date.now() + this.spec.timeoutSeconds * 1000,
        context: {
          functionName: this.spec.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: `arn:aws:lambda:${this.spec.environment.AWS_REGION}:123456789012:function:${this.spec.functionName}`,
          memoryLimitInMB: String(this.spec.memoryMb),
          logGroupName: `/aws/lambda/${this.spec.functionName}`,
          logStreamName: `2026/03/03/[$LATEST]${environment.index}`,
        },
      });
      const answer = await environment.answer();
      return {
        requestId,
        environment: environment.index,
        ...(answer.error ? { error: answer.error } : { result: answer.result }),
      };
    } finally {
      environment.busy = false;
    }
  }

  /** Serves `POST /2015-03-31/functions/{name}/invocations` on loopback; returns the endpoint. */
  async listen(): Promise<string> {
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      req.on('end', () => {
        const json = (status: number, headers: Record<string, string>, payload: unknown) =>
          res
            .writeHead(status, { 'content-type': 'application/json', ...headers })
            .end(JSON.stringify(payload));
        if (!req.url?.startsWith(`/2015-03-31/functions/${this.spec.functionName}/invocations`)) {
          json(404, { 'x-amzn-errortype': 'ResourceNotFoundException' }, { message: 'Function not found' });
          return;
        }
        this.invoke(JSON.parse(body || '{}')).then(
          (r) =>
            r.error
              ? json(200, { 'x-amz-function-error': 'Unhandled' }, { ...r.error, trace: [] })
              : json(200, { 'x-amz-executed-version': '$LATEST' }, r.result ?? null),
          (error: unknown) =>
            error instanceof TooManyRequestsError
              ? json(
                  429,
                  { 'x-amzn-errortype': 'TooManyRequestsException' },
                  { Reason: 'ConcurrentInvocationLimitExceeded', Type: 'User', message: error.message },
                )
              : json(500, { 'x-amzn-errortype': 'ServiceException' }, { message: String(error) }),
        );
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    await Promise.all(this.environments.map((e) => e.close()));
  }
}
