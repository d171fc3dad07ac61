import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_DATA, ALL_FEED, MANIFEST } from '../core/site-contract.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { startServer } from './preview-server.ts';

export const SERVE_HELP = `Usage: sigcal serve [--out site] [--port 8080] [--host 127.0.0.1]

Serves a built site folder on loopback until interrupted, with the same content types and security
headers as the CDN.

  --out DIR     the folder \`sigcal build\` wrote (default site)
  --port N      the port to listen on (default 8080; 0 picks a free one)
  --host ADDR   the address to listen on (default 127.0.0.1, this machine only)
`;

/** `sigcal serve`: runs until the process is interrupted; resolves with the exit code then. */
export async function runServe(args: readonly string[], io: CliIo, stop?: Promise<void>): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      out: { type: 'string', default: 'site' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  if (!/^\d+$/.test(values.port) || Number(values.port) > 65535) {
    throw new UsageError(`--port "${values.port}" is not a port number`);
  }
  checkSiteFolder(values.out);
  const server = await startServer({ root: values.out, host: values.host, port: Number(values.port) }).catch(
    (error: NodeJS.ErrnoException) => {
      const where = `${values.host}:${values.port}`;
      if (error.code === 'EADDRINUSE') {
        throw new UsageError(`${where} is already in use (another sigcal serve?); pick another --port`);
      }
      if (error.code === 'EACCES' || error.code === 'EADDRNOTAVAIL') {
        throw new UsageError(`cannot listen on ${where} (${error.code}); pick another --port or --host`);
      }
      throw error;
    },
  );
  const feed = new URL(ALL_FEED, server.url).href;
  const site = builtFor(values.out);
  io.stdout.write(
    [
      `Serving ${values.out} at ${server.url}`,
      `  open:       ${server.url}`,
      `  subscribe:  ${feed.replace(/^https?:/, 'webcal:')}  (or add ${feed} by URL in your calendar app)`,
      // A site built for another local address (the default's port, say) links its feeds there.
      ...(site && site !== server.url && LOOPBACK.has(new URL(site).hostname)
        ? [
            `  note:       the site was built for ${site}, so its pages' subscribe links point there; ` +
              `build it with --site-url ${server.url} to link this server`,
          ]
        : []),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await (stop ?? waitForSignal());
  await server.close();
  return 0;
}

/** The folder holds a site sigcal built: serving anything else would answer 404 to every request. */
function checkSiteFolder(out: string): void {
  const folder = statSync(out, { throwIfNoEntry: false });
  if (!folder?.isDirectory()) {
    throw new UsageError(
      folder
        ? `--out ${out} is not a folder`
        : `--out ${out} does not exist; build the site first (sigcal build --out ${out})`,
    );
  }
  if (!existsSync(join(out, MANIFEST))) {
    throw new UsageError(
      `--out ${out} holds no site sigcal built (no ${MANIFEST}); build it first (sigcal build --out ${out})`,
    );
  }
}

function waitForSignal(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}

/** Host names of this machine, as a site URL for a local preview names them. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The public URL the site in `out` was built for (`--site-url`), as `calendars/all.json` records it
 * near its start; null when that file cannot say. Only its first few kilobytes are read: the file
 * holds every date of the site.
 */
function builtFor(out: string): string | null {
  let head: string;
  try {
    const fd = openSync(join(out, ...ALL_DATA.split('/')), 'r');
    try {
      const bytes = new Uint8Array(4096);
      head = new TextDecoder().decode(bytes.subarray(0, readSync(fd, bytes)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
  const quoted = /^ {2}"site": ("(?:[^"\\]|\\.)*"),$/m.exec(head)?.[1];
  if (quoted === undefined) return null;
  const site: unknown = JSON.parse(quoted);
  return typeof site === 'string' && URL.canParse(site) ? site : null;
}
