/** Where a command writes and what time it is; injectable so tests run commands in-process. */
export interface CliIo {
  readonly stdout: { write(s: string): unknown; isTTY?: boolean };
  readonly stderr: { write(s: string): unknown; isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  /** The real clock, read here and nowhere in the core. */
  readonly now: () => Date;
}
