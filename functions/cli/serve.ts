import { parseArgs } from 'node:util';
import { ALL_FEED } from '../core/site-contract.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';
import { startServer } from './preview-server.ts';

export const SERVE_HELP = `Usage: sigcal serve [--out site] [--port 8080] [--host 127.0.0.1]

Serves a built site folder on loopback until interrupted, with the same content types and security
headers as the CDN.
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
  const server = await startServer({ root: values.out, host: values.host, port: Number(values.port) });
  const feed = new URL(ALL_FEED, server.url).href;
  io.stdout.write(
    [
      `Serving ${values.out} at ${server.url}`,
      `  open:       ${server.url}`,
      `  subscribe:  ${feed.replace(/^https?:/, 'webcal:')}  (or add ${feed} by URL in your calendar app)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  await (stop ?? waitForSignal());
  await server.close();
  return 0;
}

function waitForSignal(): Promise<void> {
  return new Promise((done) => {
    process.once('SIGINT', () => done());
    process.once('SIGTERM', () => done());
  });
}
