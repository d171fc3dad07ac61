import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from './self-signed.ts';

export interface HttpsFixture {
  /** `https://localhost:PORT` */
  readonly origin: string;
  /** An agent that trusts the fixture's certificate (and nothing else extra). */
  readonly agent: Agent;
  /** Requests seen, with the If-None-Match they carried and the status they got. */
  readonly log: { path: string; ifNoneMatch: string | undefined; status: number }[];
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

/** A local HTTPS server with a certificate made at test time; routes are set per test. */
export async function startHttps(): Promise<HttpsFixture> {
  const { cert, key } = selfSignedCertificate();
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  const log: HttpsFixture['log'] = [];
  const server = createServer({ cert, key }, (req, res) => {
    const path = new URL(req.url ?? '/', 'https://localhost').pathname;
    const entry = { path, ifNoneMatch: req.headers['if-none-match'], status: 0 };
    log.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ ca: cert, keepAlive: false });
  return {
    origin: `https://localhost:${port}`,
    agent,
    log,
    route: (path, handler) => routes.set(path, handler),
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves `text` with an ETag, answering 304 to a matching If-None-Match. */
export function yamlWithEtag(text: () => string, etag: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers['if-none-match'] === etag()) {
      res.writeHead(304, { etag: etag() }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/yaml; charset=utf-8', etag: etag() }).end(text());
  };
}
