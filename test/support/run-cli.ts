import type { CliIo } from '../../functions/cli/io.ts';
import { main } from '../../functions/cli/main.ts';

/** `sigcal …` run in-process at `now`, with its exit code and what it wrote to stdout and stderr. */
export async function runCli(
  now: string,
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    now: () => new Date(now),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
