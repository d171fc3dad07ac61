import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * How a request fails: an S3 500 InternalError or a 503 SlowDown (not forwarded), or the request is
 * forwarded and applied but its answer is lost: the connection is reset, or never answered (stall,
 * so the client's timeout fires).
 */
export type FaultKind = '500' | 'slowdown' | 'reset' | 'stall';

export interface FaultPlan {
  readonly kind: FaultKind;
  /** 1-based position of the first failing request (retries count as requests). */
  readonly at: number;
  /** Fail every request from `at` on (the run dies there), instead of only that one (retries recover). */
  readonly persistent: boolean;
}

export interface ProxiedRequest {
  readonly n: number;
  readonly method: string;
  readonly key: string;
  /** `If-None-Match: *`, `If-Match`, or none. */
  readonly condition: 'absent' | 'match' | null;
  readonly fault: FaultKind | null;
}

export interface FaultProxy {
  /** Give the SDK this endpoint; path-style keeps the bucket in the path, where the proxy reads it. */
  readonly endpoint: string;
  /** Faults are planned and requests counted per bucket, so scenarios can run side by side. */
  plan(bucket: string, plan: FaultPlan | null): void;
  requests(bucket: string): readonly ProxiedRequest[];
  close(): Promise<void>;
}

const S3_ERRORS = {
  '500': {
    status: 500,
    code: 'InternalError',
    message: 'We encountered an internal error. Please try again.',
  },
  slowdown: { status: 503, code: 'SlowDown', message: 'Please reduce your request rate.' },
} as const;

/** A small HTTP proxy in front of s3rver that fails or stalls chosen requests. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  const plans = new Map<string, FaultPlan>();
  const logs = new Map<string, ProxiedRequest[]>();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const [, bucket = '', ...rest] = url.pathname.split('/');
    const log = logs.get(bucket) ?? [];
    logs.set(bucket, log);
    const n = log.length + 1;
    const plan = plans.get(bucket);
    const fault = plan && (n === plan.at || (plan.persistent && n > plan.at)) ? plan.kind : null;
    const method = req.method ?? 'GET';
    const writing = method === 'PUT' || method === 'DELETE';
    const condition = !writing
      ? null
      : req.headers['if-none-match'] === '*'
        ? 'absent'
        : req.headers['if-match'] !== undefined
          ? 'match'
          : null;
    log.push({ n, method, key: decodeURIComponent(rest.join('/')), condition, fault });

    if (fault === '500' || fault === 'slowdown') {
      const e = S3_ERRORS[fault];
      req.resume();
      req.on('end', () => {
        res.writeHead(e.status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${e.code}</Code><Message>${e.message}</Message>` +
            `<RequestId>fault-${n}</RequestId></Error>`,
        );
      });
      return;
    }
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        if (fault === 'reset') {
          // Applied upstream, but the client never hears back.
          answer.resume();
          answer.on('end', () => req.socket.destroy());
          return;
        }
        if (fault === 'stall') {
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    plan: (bucket, plan) => {
      if (plan) plans.set(bucket, plan);
      else plans.delete(bucket);
    },
    requests: (bucket) => logs.get(bucket) ?? [],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
