import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatedProxy {
  readonly endpoint: string;
  /** Holds every request from now on until release(): a run that needs S3 stays in flight. */
  hold(): void;
  /** Forwards the held requests and every later one. */
  release(): void;
  close(): Promise<void>;
}

/** A plain HTTP proxy in front of s3rver that can hold requests. */
export async function startGatedProxy(upstream: string): Promise<GatedProxy> {
  const target = new URL(upstream);
  let held: (() => void)[] | null = null;
  const server = createServer((req, res) => {
    const forward = () =>
      req.pipe(
        request(
          {
            host: target.hostname,
            port: target.port,
            method: req.method,
            path: req.url,
            headers: req.headers,
          },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        ).on('error', () => res.destroy()),
      );
    if (held) held.push(forward);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hold: () => {
      held ??= [];
    },
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const forward of waiting) forward();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
