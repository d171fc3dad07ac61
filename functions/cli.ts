import { UsageError } from './commands/args.ts';
import type { CliIo } from './commands/io.ts';
import { runValidate, VALIDATE_HELP } from './commands/validate.ts';
import { formatDiagnostic, SourceError, ValidationError } from './core/errors.ts';

export type { CliIo } from './commands/io.ts';

const USAGE = `Usage: sigcal <command> [options]

Commands:
  validate   Check sigs.yaml and show how every meeting is scheduled (exit 0 valid, 2 invalid)
  anchor     Take the start dates sigs.yaml leaves open from existing calendars into schedule.yaml
  build      Build the site (feeds, pages, manifest) into a folder
  serve      Serve a built site on 127.0.0.1
  publish    Build the site and sync it to an S3 bucket (writes only what changed)
  republish  Ask the deployed publisher function to republish now, and print its summary

Run 'sigcal <command> --help' for a command's options.
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
    switch (command) {
      case 'validate':
        return await runValidate(rest, io);
      // Commands load on demand: `validate` never pays for the site renderer or the AWS SDK.
      case 'build':
        return await (await import('./commands/build.ts')).runBuild(rest, io);
      case 'anchor':
        return await (await import('./commands/anchor.ts')).runAnchor(rest, io);
      case 'serve':
        return await (await import('./commands/serve.ts')).runServe(rest, io);
      case 'publish':
        return await (await import('./commands/publish.ts')).runPublish(rest, io);
      case 'republish':
        return await (await import('./commands/republish.ts')).runRepublish(rest, io);
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

/** One line on stderr, never a stack trace (unless SIGCAL_DEBUG is set). */
function reportFailure(error: unknown, command: string | undefined, io: CliIo): number {
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
      command === 'validate' ? VALIDATE_HELP : `Run 'sigcal ${command ?? 'help'} --help' for usage.\n`;
    io.stderr.write(`sigcal: ${(error as Error).message}\n${help}`);
    return EXIT.invalid;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`sigcal: ${message}\n`);
  if (io.env.SIGCAL_DEBUG) io.stderr.write(`${(error as Error).stack ?? ''}\n`);
  return EXIT.failure;
}
