import { parseArgs } from 'node:util';
import { terminalStyle } from './commands/style.ts';
import { formatReport, validate } from './commands/validate.ts';
import { SourceError, ValidationError } from './core/errors.ts';
import { windowAround } from './core/window.ts';
import { readLocalSource } from './local-source.ts';

/** Where the CLI writes; injectable so tests run it in-process. */
export interface CliIo {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** The real clock, read once here and nowhere in the core. */
  readonly now: () => Date;
}

const USAGE = `Usage: sigcal <command> [options]

Commands:
  validate  [--source sigs.yaml] [--overlay schedule.yaml] [--json] [--strict] [--now ISO]
            Check the file and show how every meeting is scheduled. Exit 0 valid, 2 invalid.

Run 'sigcal <command> --help' for a command's options.
`;

/** Exit codes: 0 success, 1 unexpected failure, 2 invalid input or usage. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

class UsageError extends Error {
  override readonly name = 'UsageError';
}

const defaultIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  now: () => new Date(),
};

/** Runs one sigcal command and returns its exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await runValidate(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return command === undefined ? EXIT.invalid : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    return reportFailure(error, io);
  }
}

function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof SourceError || error instanceof ValidationError) {
    io.stderr.write(`sigcal: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    io.stderr.write(`sigcal: ${(error as Error).message}\n${USAGE}`);
    return EXIT.invalid;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`sigcal: unexpected failure: ${message}\n`);
  if (io.env.SIGCAL_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return EXIT.failure;
}

function parseNow(value: string | undefined, io: CliIo): Date {
  if (value === undefined) return io.now();
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new UsageError(
      `--now "${value}" is not an ISO date or date-time (e.g. 2027-01-12 or 2027-01-12T09:00Z)`,
    );
  }
  return date;
}

async function runValidate(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      source: { type: 'string', default: 'sigs.yaml' },
      overlay: { type: 'string' },
      json: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      now: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  const source = await readLocalSource(values.source);
  const overlay = values.overlay ? await readLocalSource(values.overlay) : undefined;
  const window = windowAround(parseNow(values.now, io));
  const { community, report } = validate({
    source,
    ...(overlay ? { overlay } : {}),
    window,
    strict: values.strict,
  });
  if (values.json) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatReport(community, report, terminalStyle(io.stdout, io.env)));
  return report.ok ? EXIT.ok : EXIT.invalid;
}
