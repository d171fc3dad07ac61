import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join, normalize, relative, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, contentTypeOf, NOT_FOUND_PAGE, STATE_DIR } from '../core/site-contract.ts';

/**
 * The headers the CDN sends in production (see cdk/), sent here too so that a page that works locally
 * works under the real Content-Security-Policy.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
};

export interface ServeOptions {
  readonly root: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Serves a built site folder read-only on loopback, with the production content types and headers. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.root);
  const server: Server = createServer(async (request, response) => {
    const headers = { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end();
      return;
    }
    const realRoot = await realpath(root).catch(() => root);
    const file = await resolveFile(root, realRoot, request.url ?? '/');
    if (file && 'redirect' in file) {
      response.writeHead(301, { ...headers, Location: file.redirect }).end();
      return;
    }
    if (!file) {
      // As the CDN does: the site's own 404 page, when the build made one.
      const page = await resolveFile(root, realRoot, `/${NOT_FOUND_PAGE}`);
      if (page && 'path' in page) {
        response.writeHead(404, { ...headers, 'Content-Type': contentTypeOf(page.path) });
        if (request.method === 'HEAD') response.end();
        else createReadStream(page.path).pipe(response);
        return;
      }
      response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    response.writeHead(200, {
      ...headers,
      'Content-Type': contentTypeOf(file.path),
      'Content-Length': file.size,
    });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file.path).pipe(response);
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => done());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

/**
 * Maps a URL path to a file inside root: folders to their index.html. Never anything outside root
 * (`..`, or a symbolic link that leads out), never sync's bookkeeping in `.sigcal/`, and redirects only
 * to a path on this server, built from the folder found rather than from the request, so `/%5Chost`
 * or `/%09/host` cannot send the browser elsewhere.
 */
async function resolveFile(
  root: string,
  realRoot: string,
  url: string,
): Promise<{ path: string; size: number } | { redirect: string } | undefined> {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://localhost').pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0')) return undefined;
  let path = normalize(join(root, pathname));
  if (path !== root && !path.startsWith(root + sep)) return undefined;
  const segments = relative(root, path).split(sep);
  if (segments.some((segment) => segment.toLowerCase() === STATE_DIR)) return undefined;
  try {
    let info = await stat(path);
    if (info.isDirectory()) {
      // Relative links in a folder's index.html only work under a URL ending in "/".
      if (!pathname.endsWith('/')) {
        const inside = segments.filter((segment) => segment !== '');
        return { redirect: `/${inside.map((segment) => `${encodeURIComponent(segment)}/`).join('')}` };
      }
      path = join(path, 'index.html');
      info = await stat(path);
    }
    // What the path leads to once every link is followed must still be inside the (real) root.
    const real = await realpath(path);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) return undefined;
    return info.isFile() ? { path: real, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}
