/** Builds dist/sigcal.mjs and its chunks from functions/cli/run.ts; returns each output file's size in bytes. */
export function buildCli(): Promise<Record<string, number>>;
