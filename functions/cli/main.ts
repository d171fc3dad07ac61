import { formatDiagnostic, SourceError, ValidationError } from '../core/errors.ts';
import { VERSION } from '../core/version.ts';
import { UsageError } from './args.ts';
import type { CliIo } from './io.ts';

export type { CliIo } from './io.ts';

const USAGE = `Usage: sigcal <command> [options]

Commands:
  validate   Check sigs.yaml and show how every meeting is scheduled (exit 0 valid, 2 invalid)
  anchor     Take the start dates sigs.yaml leaves open from existing calendars into schedule.yaml
  build      Build the site (feeds, pages, manifest) into a folder
  serve      Serve a built site on 127.0.0.1
  publish    Build the site and sync it to an S3 bucket (writes only what changed)
  republish  Ask the deployed publisher function to republish now, and print its summary

Run 'sigcal <command> --help' for a command's options; 'sigcal --version' prints the version.
`;

/** Exit codes: 0 success, 1 unexpected failure, 2 invalid input or usage. */
export const EXIT = { ok: 0, failure: 1, invalid: 2 } as const;

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
    // Commands load on demand: `--help` loads nothing, `validate` never pays for the renderer or the AWS SDK.
    switch (command) {
      case 'validate':
        return await (await import('./validate.ts')).runValidate(rest, io);
      case 'build':
        return await (await import('./build.ts')).runBuild(rest, io);
      case 'anchor':
        return await (await import('./anchor.ts')).runAnchor(rest, io);
      case 'serve':
        return await (await import('./serve.ts')).runServe(rest, io);
      case 'publish':
        return await (await import('./publish.ts')).runPublish(rest, io);
      case 'republish':
        return await (await import('./republish.ts')).runRepublish(rest, io);
      case '--version':
      case '-v':
        io.stdout.write(`sigcal ${VERSION}\n`);
        return EXIT.ok;
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
    return reportFailure(error, command, io);
  }
}

/** The commands `main` runs, each with its own `--help`. */
const COMMANDS = new Set(['validate', 'build', 'anchor', 'serve', 'publish', 'republish']);

/** One line on stderr, never a stack trace (unless SIGCAL_DEBUG is set). */
async function reportFailure(error: unknown, command: string | undefined, io: CliIo): Promise<number> {
  if (error instanceof SourceError) {
    io.stderr.write(`sigcal: ${error.message}\n`);
    return EXIT.invalid;
  }
  if (error instanceof ValidationError) {
    for (const d of error.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    io.stderr.write(`sigcal: ${error.diagnostics.length} error(s); nothing was written\n`);
    return EXIT.invalid;
  }
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    const help =
      command === 'validate'
        ? (await import('./validate.ts')).VALIDATE_HELP
        : COMMANDS.has(command ?? '')
          ? `Run 'sigcal ${command} --help' for usage.\n`
          : "Run 'sigcal --help' for the commands.\n";
    io.stderr.write(`sigcal: ${(error as Error).message}\n${help}`);
    return EXIT.invalid;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`sigcal: ${message}\n`);
  if (io.env.SIGCAL_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return EXIT.failure;
}
